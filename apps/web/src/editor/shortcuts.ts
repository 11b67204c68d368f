/**
 * Every keyboard shortcut the editor has, as the help sheet (`?`) lists them.
 * Data only; the keys themselves are handled where they act: useShortcuts.ts
 * (anywhere outside a text field), Outline.tsx (a focused row), Palette.tsx (its
 * search field), the property fields, and follow mode. A key added there belongs
 * here too. "Mod" is Ctrl, or Cmd on a Mac.
 */
export interface Shortcut {
  /** Alternatives, each a list of keys pressed together. */
  keys: string[][];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Anywhere outside a text field',
    shortcuts: [
      { keys: [['Delete'], ['Backspace']], does: 'Delete the selected components' },
      { keys: [['Mod', 'D']], does: 'Duplicate the selected components' },
      { keys: [['Mod', 'C']], does: 'Copy the selected components (as JSON, to paste in any page or tab)' },
      { keys: [['Mod', 'X']], does: 'Cut the selected components' },
      { keys: [['Mod', 'V']], does: 'Paste where it fits: into the selection, or beside it (an image file is uploaded as a new Image)' },
      { keys: [['Mod', 'Z']], does: 'Undo your last edit' },
      { keys: [['Shift', 'Mod', 'Z'], ['Ctrl', 'Y']], does: 'Redo' },
      { keys: [['Mod', 'G']], does: 'Wrap the selected components in a Section' },
      { keys: [['Mod', 'A']], does: 'Select the siblings of the selection (never the editor’s own text)' },
      { keys: [['Shift', 'click'], ['Mod', 'click']], does: 'Add a component to the selection, or take it out' },
      { keys: [['Escape']], does: 'Clear the selection, or leave the preview' },
      { keys: [['?']], does: 'Show these shortcuts' },
    ],
  },
  {
    title: 'In the outline',
    shortcuts: [
      { keys: [['↑'], ['↓']], does: 'Previous or next component' },
      { keys: [['Home'], ['End']], does: 'First or last component' },
      { keys: [['→'], ['←']], does: 'Expand or collapse; go to the first child or the parent' },
      { keys: [['Enter'], ['Space']], does: 'Select the focused component' },
      { keys: [['Alt', '↑'], ['Alt', '↓']], does: 'Move the component up or down' },
      { keys: [['Alt', '→'], ['Tab']], does: 'Indent: into the component above' },
      { keys: [['Alt', '←'], ['Shift', 'Tab']], does: 'Outdent: out of its parent' },
      { keys: [['Shift', 'click']], does: 'Select every row from the last one chosen' },
      { keys: [['Delete'], ['Backspace']], does: 'Delete it; the focus moves to a neighbour' },
    ],
  },
  {
    title: 'In the palette’s search',
    shortcuts: [
      { keys: [['type']], does: 'Filter the components by name or description' },
      { keys: [['Enter']], does: 'Add the first match' },
      { keys: [['↓']], does: 'Go to the first match' },
      { keys: [['Escape']], does: 'Clear the search (again: leave it)' },
    ],
  },
  {
    title: 'Following someone',
    shortcuts: [{ keys: [['any key'], ['click'], ['scroll']], does: 'Stop following and take over your own view' }],
  },
];

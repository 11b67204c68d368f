/** The document recipes: each edits an immer draft of the page and says what came of it. */
export { add, newComponents } from './add.ts';
export { copy, copyMany } from './copy.ts';
export { duplicate } from './duplicate.ts';
export { duplicateMany } from './duplicate-many.ts';
export { freshId, type IdFactory, randomIds } from './ids.ts';
export { indent } from './indent.ts';
export { move } from './move.ts';
export { moveMany } from './move-many.ts';
export { moveDown } from './move-down.ts';
export { moveUp } from './move-up.ts';
export { outdent } from './outdent.ts';
export { paste, pasteMany } from './paste.ts';
export { putBack } from './put-back.ts';
export { remove } from './remove.ts';
export { removeMany } from './remove-many.ts';
export { setProp, setPropMany } from './set-prop.ts';
export { setStyle, setTheme } from './set-style.ts';
export { WRAPPER_TYPE, wrap } from './wrap.ts';

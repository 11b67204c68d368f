import { defaultProps, type PageDocument } from '@tandem/protocol';

/** A valid page of about `count` components: Sections of 20 Texts each under the root. */
export function generatePage(count: number): PageDocument {
  const components: PageDocument['components'] = {};
  const root = { id: 'root', type: 'Page', props: defaultProps('Page'), children: [] as string[] };
  components.root = root;
  let made = 1;
  for (let s = 0; made < count; s++) {
    const section = { id: `s${s}`, type: 'Section', props: defaultProps('Section'), children: [] as string[] };
    components[section.id] = section;
    root.children.push(section.id);
    made++;
    for (let t = 0; t < 20 && made < count; t++, made++) {
      const id = `s${s}-t${t}`;
      components[id] = { id, type: 'Text', props: { text: `Text ${id}` }, children: [] };
      section.children.push(id);
    }
  }
  return { rootId: 'root', components };
}

/** The ids of the Text components in a generated page. */
export function textIds(doc: PageDocument): string[] {
  return Object.values(doc.components)
    .filter((c) => c.type === 'Text')
    .map((c) => c.id);
}

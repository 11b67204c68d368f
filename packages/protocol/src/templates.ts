/**
 * Page templates: what `POST /api/pages { template }` starts a page from, and
 * what the web app offers when someone creates one. Each is built from the
 * registry's own defaults, so a template is always a valid document (D1–D9).
 */
import type { ComponentNode, PageDocument } from './document.ts';
import type { Json } from './json.ts';
import { defaultProps } from './registry.ts';
import { starterDocument } from './starter.ts';
import { DEFAULT_PAGE_TITLE } from './title.ts';

export const TEMPLATE_IDS = ['blank', 'landing', 'pricing', 'starter'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface TemplateInfo {
  id: TemplateId;
  name: string;
  description: string;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  { id: 'blank', name: 'Blank', description: 'An empty page to build from scratch' },
  { id: 'landing', name: 'Landing page', description: 'A hero, three features and a call to action' },
  { id: 'pricing', name: 'Pricing page', description: 'Three plans side by side, with questions and answers' },
  { id: 'starter', name: 'Welcome section', description: 'One section with a heading, a line of text and a button' },
];

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}

/** Builds a document from its components; the first one is the root. */
class Builder {
  readonly components: Record<string, ComponentNode> = {};

  node(id: string, type: string, props: Record<string, Json> = {}, children: string[] = []): string {
    this.components[id] = { id, type, props: { ...defaultProps(type), ...props }, children };
    return id;
  }

  doc(rootId: string): PageDocument {
    return { rootId, components: this.components };
  }
}

const blank = (title: string): PageDocument => {
  const b = new Builder();
  return b.doc(b.node('root', 'Page', { title }));
};

const landing = (title: string): PageDocument => {
  const b = new Builder();
  const feature = (n: number, heading: string, text: string) =>
    b.node(`feature-${n}`, 'Column', {}, [
      b.node(`feature-${n}-heading`, 'Heading', { text: heading, level: '3' }),
      b.node(`feature-${n}-text`, 'Text', { text }),
    ]);
  const hero = b.node('hero', 'Section', { padding: 64, gap: 24, align: 'center' }, [
    b.node('hero-heading', 'Heading', { text: title, level: '1', align: 'center' }),
    b.node('hero-text', 'Text', { text: 'Say in one sentence what you offer and who it is for.', align: 'center' }),
    b.node('hero-button', 'Button', { label: 'Get started', href: '#contact' }),
  ]);
  const features = b.node('features', 'Section', { padding: 48 }, [
    b.node('features-heading', 'Heading', { text: 'Why people choose us', align: 'center' }),
    b.node('features-columns', 'Columns', { gap: 32 }, [
      feature(1, 'Fast', 'Describe the first reason to choose you.'),
      feature(2, 'Simple', 'Describe the second reason to choose you.'),
      feature(3, 'Reliable', 'Describe the third reason to choose you.'),
    ]),
  ]);
  const cta = b.node('cta', 'Section', { padding: 48, align: 'center', background: '#f1f5f9' }, [
    b.node('cta-heading', 'Heading', { text: 'Ready to start?', align: 'center' }),
    b.node('cta-button', 'Button', { label: 'Contact us', href: 'mailto:hello@example.com' }),
  ]);
  const root = b.node('root', 'Page', { title }, []);
  (b.components[root] as ComponentNode).children = [hero, features, cta];
  return b.doc(root);
};

const pricing = (title: string): PageDocument => {
  const b = new Builder();
  const plan = (id: string, name: string, price: string, items: string[], variant: string) =>
    b.node(`plan-${id}`, 'Column', {}, [
      b.node(`plan-${id}-card`, 'Card', { padding: 32 }, [
        b.node(`plan-${id}-name`, 'Heading', { text: name, level: '3' }),
        b.node(`plan-${id}-price`, 'Heading', { text: price, level: '3' }),
        b.node(`plan-${id}-features`, 'List', { items }),
        b.node(`plan-${id}-button`, 'Button', { label: `Choose ${name}`, href: '#', variant }),
      ]),
    ]);
  const header = b.node('header', 'Section', { padding: 56, align: 'center' }, [
    b.node('header-heading', 'Heading', { text: title, level: '1', align: 'center' }),
    b.node('header-text', 'Text', { text: 'Simple plans that grow with you. Cancel at any time.', align: 'center' }),
  ]);
  const plans = b.node('plans', 'Section', { padding: 32 }, [
    b.node('plans-columns', 'Columns', { gap: 24 }, [
      plan('starter', 'Starter', '$0 / month', ['1 project', 'Community support'], 'secondary'),
      plan('pro', 'Pro', '$19 / month', ['10 projects', 'Email support', 'Custom domain'], 'primary'),
      plan('team', 'Team', '$49 / month', ['Unlimited projects', 'Priority support', 'Single sign-on'], 'secondary'),
    ]),
  ]);
  const faq = b.node('faq', 'Section', { padding: 48 }, [
    b.node('faq-heading', 'Heading', { text: 'Questions and answers' }),
    b.node('faq-1-question', 'Heading', { text: 'Can I change plans later?', level: '4' }),
    b.node('faq-1-answer', 'Text', { text: 'Yes: move up or down at any time, and pay only for what you use.' }),
    b.node('faq-divider', 'Divider'),
    b.node('faq-2-question', 'Heading', { text: 'Is there a free trial?', level: '4' }),
    b.node('faq-2-answer', 'Text', { text: 'Every paid plan starts with fourteen days free.' }),
  ]);
  const root = b.node('root', 'Page', { title }, []);
  (b.components[root] as ComponentNode).children = [header, plans, faq];
  return b.doc(root);
};

const builders: Record<TemplateId, (title: string) => PageDocument> = { blank, landing, pricing, starter: starterDocument };

/** A new document from a template, with `title` as the page's title (and, where it has one, its main heading). */
export function templateDocument(template: TemplateId, title = DEFAULT_PAGE_TITLE): PageDocument {
  return builders[template](title);
}

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

export const TEMPLATE_IDS = ['blank', 'landing', 'pricing', 'saas', 'launch', 'portfolio', 'event', 'starter'] as const;
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
  { id: 'saas', name: 'SaaS landing', description: 'Navigation, a product hero, logos, features, a testimonial and a footer' },
  { id: 'launch', name: 'Product launch', description: 'A bold launch hero, a video, what is new and a pre-order call' },
  { id: 'portfolio', name: 'Portfolio', description: 'An introduction, selected work in cards and a way to get in touch' },
  { id: 'event', name: 'Event', description: 'A conference: date and place, speakers, schedule, tickets and FAQ' },
  { id: 'starter', name: 'Welcome section', description: 'One section with a heading, a line of text and a button' },
];

/**
 * Where the templates' illustrations live: files of the web app (apps/web/public/templates), served by the
 * server beside the editor, so the same relative URL works in the canvas and on the published page.
 */
export const TEMPLATE_IMAGE_BASE = '/templates/';

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}

type Props = Record<string, Json>;
/** What a part of a section says: its props, or only its text. */
type Part = string | Props;
const asProps = (part: Part): Props => (typeof part === 'string' ? { text: part } : part);

const img = (file: string) => `${TEMPLATE_IMAGE_BASE}${file}`;
/** A full-bleed Section with a diagonal gradient (S11): the hero of the richer templates. */
const heroStyle = (from: string, to: string, color: string, angle = 135) => ({
  base: { fullBleed: true, gradientFrom: from, gradientTo: to, gradientAngle: angle, color, paddingTop: '96px', paddingBottom: '96px' },
  mobile: { paddingTop: '56px', paddingBottom: '56px' },
});
const big = {
  base: { fontSize: '56px', lineHeight: 1.1, letterSpacing: '-1px' },
  tablet: { fontSize: '44px' },
  mobile: { fontSize: '34px' },
};
const lead = {
  base: { fontSize: '20px', maxWidth: '640px', marginLeft: 'auto', marginRight: 'auto', opacity: 0.9 },
  mobile: { fontSize: '17px' },
};
const eyebrow = {
  base: { fontSize: '13px', fontWeight: 700, letterSpacing: '2px', textTransform: 'uppercase', color: 'var(--theme-primary)' },
};
const tinted = (color: string) => ({ base: { fullBleed: true, backgroundColor: color } });
const center = { align: 'center' };

/**
 * Builds a document from its components, each after its children, so the root comes last. The section makers
 * below are the shapes the templates share; a template states only its words, colours and what no other has.
 */
class Builder {
  readonly components: Record<string, ComponentNode> = {};

  node(id: string, type: string, props: Props = {}, children: string[] = []): string {
    this.components[id] = { id, type, props: { ...defaultProps(type), ...props }, children };
    return id;
  }

  /** The Page at the root, over `children` in order: the finished document. */
  page(props: Props, children: string[]): PageDocument {
    return { rootId: this.node('root', 'Page', props, children), components: this.components };
  }

  /** The standard top of a page: a Navbar straight under the Page. */
  navbar(logo: string, links: string[], buttonLabel: string, buttonHref: string): string {
    return this.node('nav', 'Navbar', { logo, links, buttonLabel, buttonHref });
  }

  footer(text: string, links: string[]): string {
    return this.node('footer', 'Footer', { text, links });
  }

  /** A hero's opening: an eyebrow line, the page's title as its H1 and a lead paragraph, in the house styles unless a part says otherwise. */
  intro(id: string, title: string, eyebrowLine: Part, text: Part, align: Props = {}): string[] {
    return [
      this.node(`${id}-eyebrow`, 'Text', { ...align, style: eyebrow, ...asProps(eyebrowLine) }),
      this.node(`${id}-heading`, 'Heading', { text: title, level: '1', ...align, style: big }),
      this.node(`${id}-text`, 'Text', { ...align, style: lead, ...asProps(text) }),
    ];
  }

  /** A Section opened by its heading (`${id}-heading`), then what `body` builds under it. */
  headed(id: string, props: Props, heading: Part, body: (section: string) => string[]): string {
    return this.node(id, 'Section', props, [this.node(`${id}-heading`, 'Heading', asProps(heading)), ...body(id)]);
  }

  /** A call to action, everything centred: a heading, a line of text when there is one, and a button. */
  cta(id: string, { section, heading, text, button }: { section: Props; heading: Part; text?: Part; button: Props }): string {
    return this.headed(id, { ...section, ...center }, { ...asProps(heading), ...center }, (sectionId) => [
      ...(text === undefined ? [] : [this.node(`${sectionId}-text`, 'Text', { ...asProps(text), ...center })]),
      this.node(`${sectionId}-button`, 'Button', button),
    ]);
  }

  /** A heading over a bulleted List (`${id}-list`). */
  list(id: string, props: Props, heading: Part, items: string[]): string {
    return this.headed(id, props, heading, (section) => [this.node(`${section}-list`, 'List', { items })]);
  }

  /** A heading over questions and answers (`${id}-items`). */
  faq(id: string, props: Props, heading: Part, items: string[]): string {
    return this.headed(id, props, heading, (section) => [this.node(`${section}-items`, 'FAQ', { items })]);
  }

  /** A Section holding one row of customer logos (`${id}-logos`). */
  logos(id: string, title: string, logos: string[]): string {
    return this.node(id, 'Section', { padding: 40 }, [this.node(`${id}-logos`, 'LogoRow', { title, logos })]);
  }

  /** A Columns block of equal-height Cards (S11 equalHeight), one per entry. */
  cards<const E extends readonly string[]>(id: string, entries: readonly E[], fill: (card: string, entry: E) => string[]): string {
    return this.node(
      id,
      'Columns',
      { gap: 24, style: { base: { equalHeight: true } } },
      entries.map((entry, i) =>
        this.node(`${id}-${i + 1}`, 'Column', {}, [
          this.node(`${id}-${i + 1}-card`, 'Card', { padding: 28 }, fill(`${id}-${i + 1}`, entry)),
        ]),
      ),
    );
  }

  /** Cards of one Feature each: `[icon, title, text]`. */
  features(id: string, entries: readonly (readonly [icon: string, title: string, text: string])[]): string {
    return this.cards(id, entries, (card, [icon, title, text]) => [this.node(`${card}-feature`, 'Feature', { icon, title, text })]);
  }
}

const blank = (title: string): PageDocument => new Builder().page({ title }, []);

const landing = (title: string): PageDocument => {
  const b = new Builder();
  const feature = (n: number, heading: string, text: string) =>
    b.node(`feature-${n}`, 'Column', {}, [
      b.node(`feature-${n}-heading`, 'Heading', { text: heading, level: '3' }),
      b.node(`feature-${n}-text`, 'Text', { text }),
    ]);
  const hero = b.cta('hero', {
    section: { padding: 64, gap: 24 },
    heading: { text: title, level: '1' },
    text: 'Say in one sentence what you offer and who it is for.',
    button: { label: 'Get started', href: '#contact' },
  });
  const features = b.headed('features', { padding: 48 }, { text: 'Why people choose us', ...center }, (section) => [
    b.node(`${section}-columns`, 'Columns', { gap: 32 }, [
      feature(1, 'Fast', 'Describe the first reason to choose you.'),
      feature(2, 'Simple', 'Describe the second reason to choose you.'),
      feature(3, 'Reliable', 'Describe the third reason to choose you.'),
    ]),
  ]);
  const cta = b.cta('cta', {
    section: { padding: 48, background: '#f1f5f9' },
    heading: 'Ready to start?',
    button: { label: 'Contact us', href: 'mailto:hello@example.com' },
  });
  return b.page({ title }, [hero, features, cta]);
};

const pricing = (title: string): PageDocument => {
  const b = new Builder();
  const nav = b.navbar('Ledgerly', ['Product | #product', 'Pricing | #plans', 'Questions | #faq'], 'Start free', '#plans');
  const plan = (id: string, name: string, price: string, blurb: string, items: string[], variant: string) =>
    b.node(`plan-${id}`, 'Column', {}, [
      b.node(
        `plan-${id}-card`,
        'Card',
        {
          padding: 32,
          ...(variant === 'primary'
            ? { style: { base: { borderWidth: '2px', borderStyle: 'solid', borderColor: 'var(--theme-primary)' } } }
            : {}),
        },
        [
          b.node(`plan-${id}-name`, 'Heading', { text: name, level: '3' }),
          b.node(`plan-${id}-price`, 'Heading', { text: price, level: '2', style: { base: { fontSize: '40px', letterSpacing: '-1px' } } }),
          b.node(`plan-${id}-text`, 'Text', { text: blurb, style: { base: { color: 'var(--theme-muted)' } } }),
          b.node(`plan-${id}-features`, 'List', { items }),
          b.node(`plan-${id}-button`, 'Button', {
            label: `Choose ${name}`,
            href: '#signup',
            variant,
            style: { base: { marginTop: 'auto' } },
          }),
        ],
      ),
    ]);
  const header = b.node(
    'header',
    'Section',
    { padding: 56, gap: 16, align: 'center', style: heroStyle('#f0fdf4', '#ecfeff', '#0f172a', 180) },
    b.intro(
      'header',
      title,
      'Pricing',
      'Simple plans that grow with you. Every plan starts with 14 days free; cancel at any time.',
      center,
    ),
  );
  const plans = b.node('plans', 'Section', { padding: 32 }, [
    b.node('plans-columns', 'Columns', { gap: 24, style: { base: { equalHeight: true } } }, [
      plan(
        'starter',
        'Starter',
        '$0',
        'For freelancers sending their first invoices.',
        ['5 invoices a month', '1 bank account', 'Community support'],
        'secondary',
      ),
      plan(
        'pro',
        'Pro',
        '$19',
        'For small businesses that want their evenings back.',
        ['Unlimited invoices', 'Automatic bank reconciliation', 'Email support', 'Custom domain for payment pages'],
        'primary',
      ),
      plan(
        'team',
        'Team',
        '$49',
        'For finance teams with approvals and audits.',
        ['Everything in Pro', 'Approval workflows', 'Single sign-on', 'Priority support'],
        'secondary',
      ),
    ]),
  ]);
  const logos = b.logos('product', 'Bookkeeping for 12,000 small businesses', ['Brightside', 'Oakmill', 'Pixel & Co', 'Harbor', 'Fernway']);
  const faq = b.faq('faq', { padding: 48, gap: 16 }, 'Questions and answers', [
    'Can I change plans later? | Yes: move up or down at any time, and pay only for what you use.',
    'Is there a free trial? | Every paid plan starts with fourteen days free, no card needed.',
    'Do you offer discounts for non-profits? | Registered charities get 50% off any plan. Write to us.',
    'Where is my data stored? | In the EU, encrypted at rest, with daily backups kept for 30 days.',
  ]);
  const foot = b.footer('© 2026 Ledgerly Ltd.', ['Privacy | /privacy', 'Terms | /terms', 'Contact | mailto:hello@example.com']);
  const theme = { primary: '#059669', headingFont: 'neo-grotesque', bodyFont: 'system' };
  return b.page({ title, maxWidth: 1120, theme }, [nav, header, plans, logos, faq, foot]);
};

const saas = (title: string): PageDocument => {
  const b = new Builder();
  const nav = b.navbar(
    'Tandem Analytics',
    ['Product | #features', 'Customers | #customers', 'Pricing | #pricing', 'Docs | /docs'],
    'Start free',
    '#signup',
  );
  const hero = b.node('hero', 'Section', { padding: 48, gap: 24, align: 'center', style: heroStyle('#eef2ff', '#ecfeff', '#0f172a') }, [
    ...b.intro(
      'hero',
      title,
      'New: real-time funnels',
      'See what every visitor does, the moment they do it. Dashboards your whole team can read, without writing a line of SQL.',
      center,
    ),
    b.node(
      'hero-actions',
      'Section',
      { direction: 'row', padding: 0, gap: 12, align: 'center', style: { base: { justifyContent: 'center', wrap: true } } },
      [
        b.node('hero-button', 'Button', { label: 'Start your free trial', href: '#signup' }),
        b.node('hero-demo', 'Button', { label: 'Book a demo', href: '#demo', variant: 'secondary' }),
      ],
    ),
    b.node('hero-image', 'Image', {
      src: img('saas-dashboard.svg'),
      alt: 'The analytics dashboard: visitors, conversion and revenue at a glance',
      width: 960,
      height: 560,
      style: {
        base: {
          marginTop: '24px',
          radiusTopLeft: '20px',
          radiusTopRight: '20px',
          radiusBottomLeft: '20px',
          radiusBottomRight: '20px',
          shadow: 'lg',
        },
      },
    }),
  ]);
  const logos = b.logos('customers', 'Trusted by 4,000+ product teams', ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark']);
  const features = b.node('features', 'Section', { padding: 64, gap: 32 }, [
    b.node('features-eyebrow', 'Text', { text: 'Why teams switch', align: 'center', style: eyebrow }),
    b.node('features-heading', 'Heading', { text: 'Everything you need to understand your product', align: 'center' }),
    b.features('features-grid', [
      ['bolt', 'Live in minutes', 'Paste one snippet and watch events arrive in real time. No pipelines, no warehouse.'],
      ['chart', 'Funnels that explain', 'Find exactly where people drop off, and which change brought them back.'],
      ['shield', 'Private by design', 'No cookies, no personal data, hosted in the EU. Your visitors stay anonymous.'],
    ]),
  ]);
  const quote = b.node('testimonial', 'Section', { padding: 64, style: tinted('#f8fafc') }, [
    b.node('testimonial-quote', 'Testimonial', {
      quote: 'We replaced three tools with Tandem Analytics. Our weekly product review now takes twenty minutes instead of two hours.',
      name: 'Priya Raman',
      role: 'VP Product, Northwind',
      style: { base: { maxWidth: '720px', marginLeft: 'auto', marginRight: 'auto' } },
    }),
  ]);
  const cta = b.cta('cta', {
    section: { padding: 64, gap: 20, style: heroStyle('#4338ca', '#0891b2', '#ffffff') },
    heading: 'Start seeing clearly today',
    text: { text: 'Free for 14 days. No credit card. Cancel in one click.', style: { base: { color: '#e0e7ff' } } },
    button: { label: 'Create your account', href: '#signup', variant: 'secondary' },
  });
  const foot = b.footer('© 2026 Tandem Analytics Ltd. Made in Lisbon.', [
    'Privacy | /privacy',
    'Terms | /terms',
    'Status | /status',
    'Contact | mailto:hello@example.com',
  ]);
  const theme = { primary: '#4f46e5', headingFont: 'neo-grotesque', bodyFont: 'system' };
  return b.page({ title, maxWidth: 1120, theme }, [nav, hero, logos, features, quote, cta, foot]);
};

const launch = (title: string): PageDocument => {
  const b = new Builder();
  const nav = b.navbar('Aurora', ['Features | #new', 'Film | #film', 'Tech specs | #specs'], 'Pre-order', '#preorder');
  const hero = b.node(
    'hero',
    'Section',
    {
      direction: 'row',
      padding: 48,
      gap: 48,
      align: 'center',
      style: {
        ...heroStyle('#0b1120', '#431407', '#f8fafc', 160),
        mobile: { direction: 'column', paddingTop: '48px', paddingBottom: '48px' },
      },
    },
    [
      b.node('hero-copy', 'Section', { padding: 0, gap: 20 }, [
        ...b.intro(
          'hero',
          title,
          { text: 'Available 14 March', style: { base: { ...eyebrow.base, color: '#fb923c' } } },
          {
            text: 'Aurora One: studio sound, forty hours of battery and noise cancelling that adapts to the room you are in.',
            style: { base: { fontSize: '19px', color: '#e2e8f0' } },
          },
        ),
        b.node('hero-button', 'Button', { label: 'Pre-order for $249', href: '#preorder' }),
      ]),
      b.node('hero-image', 'Image', {
        src: img('launch-product.svg'),
        alt: 'Aurora One headphones in black and orange',
        width: 480,
        height: 360,
      }),
    ],
  );
  const film = b.headed('film', { padding: 56, gap: 24, align: 'center' }, { text: 'Hear it for yourself', ...center }, (section) => [
    b.node(`${section}-video`, 'Video', {
      url: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
      title: 'The Aurora One launch film',
      style: { base: { width: '100%', maxWidth: '880px' } },
    }),
  ]);
  const news = b.headed('new', { padding: 56, gap: 32 }, { text: 'What is new', ...center }, (section) => [
    b.features(`${section}-grid`, [
      ['sparkles', 'Adaptive quiet', 'Twelve microphones map the room and cancel the noise you hear, not the noise you do not.'],
      ['clock', '40-hour battery', 'A full week of commuting on one charge; five minutes plugged in gives you three more hours.'],
      ['heart', 'Made to last', 'Replaceable ear cushions and battery, aluminium frame, and a five-year warranty.'],
      ['globe', 'Everywhere you go', 'Multipoint Bluetooth 5.4 switches between laptop and phone without a tap.'],
    ]),
  ]);
  const specs = b.list('specs', { padding: 56, gap: 16, style: tinted('#fff7ed') }, 'Tech specs', [
    '40 mm custom drivers, 20 Hz – 40 kHz',
    'Active noise cancelling with transparency mode',
    'USB-C audio and charging',
    '250 g, folds flat into its case',
  ]);
  const cta = b.cta('preorder', {
    section: { padding: 64, gap: 20 },
    heading: 'Be among the first',
    text: 'Pre-orders ship on launch day, with free delivery and 100 days to change your mind.',
    button: { label: 'Pre-order now', href: '#preorder' },
  });
  const foot = b.footer('© 2026 Aurora Audio. All rights reserved.', ['Support | /support', 'Warranty | /warranty', 'Press | /press']);
  const theme = { primary: '#ea580c', headingFont: 'geometric', bodyFont: 'system' };
  return b.page({ title, maxWidth: 1120, theme }, [nav, hero, film, news, specs, cta, foot]);
};

const portfolio = (title: string): PageDocument => {
  const b = new Builder();
  const nav = b.navbar('Maya Chen', ['Work | #work', 'About | #about', 'Contact | #contact'], 'Hire me', 'mailto:maya@example.com');
  const hero = b.node(
    'hero',
    'Section',
    { padding: 48, gap: 20, style: { base: { paddingTop: '80px', paddingBottom: '64px' } } },
    b.intro('hero', title, 'Product designer · Berlin', {
      text: 'I design calm, useful software for health and finance teams. Ten years, forty products shipped, one rule: make the hard thing feel simple.',
      style: { base: { fontSize: '20px', maxWidth: '680px', color: 'var(--theme-muted)' } },
    }),
  );
  const work = b.headed('work', { padding: 48, gap: 28 }, 'Selected work', (section) => [
    b.cards(
      `${section}-grid`,
      [
        ['portfolio-1.svg', 'Lumen Health', 'A patient app that cut missed appointments by 31% in its first year.'],
        ['portfolio-2.svg', 'Kite Banking', 'Onboarding for a challenger bank, from sign-up to first payment in four minutes.'],
        ['portfolio-3.svg', 'Fieldnote', 'A research tool that turns interviews into searchable, shareable insight.'],
      ],
      (id, [file, heading, text]) => [
        b.node(`${id}-image`, 'Image', { src: img(file), alt: `${heading} project cover`, width: 640, height: 480 }),
        b.node(`${id}-heading`, 'Heading', { text: heading, level: '3' }),
        b.node(`${id}-text`, 'Text', { text }),
        b.node(`${id}-link`, 'Link', { text: 'Read the case study →', href: '#work' }),
      ],
    ),
  ]);
  const about = b.headed('about', { padding: 56, gap: 16, style: tinted('#f5f5f4') }, 'About', (section) => [
    b.node(`${section}-text`, 'Text', {
      text: 'Before design I studied cognitive science, which still shapes how I work: watch people first, then draw. I lead workshops, mentor junior designers and write a monthly letter on design systems.',
    }),
    b.node(`${section}-quote`, 'Testimonial', {
      quote:
        'Maya turned a forty-screen mess into a product our customers describe as obvious. Working with her changed how our team builds.',
      name: 'Tom Becker',
      role: 'CEO, Kite Banking',
    }),
  ]);
  const contact = b.cta('contact', {
    section: { padding: 64, gap: 16 },
    heading: 'Have a project in mind?',
    text: 'I take on two new clients each quarter. Tell me about yours.',
    button: { label: 'maya@example.com', href: 'mailto:maya@example.com' },
  });
  const foot = b.footer('© 2026 Maya Chen', [
    'Dribbble | https://dribbble.com',
    'LinkedIn | https://www.linkedin.com',
    'Read.cv | https://read.cv',
  ]);
  const theme = { primary: '#0f766e', headingFont: 'transitional', bodyFont: 'humanist' };
  return b.page({ title, maxWidth: 1080, theme }, [nav, hero, work, about, contact, foot]);
};

const event = (title: string): PageDocument => {
  const b = new Builder();
  const nav = b.navbar('Waveform 2026', ['Speakers | #speakers', 'Schedule | #schedule', 'FAQ | #faq'], 'Get tickets', '#tickets');
  const hero = b.node('hero', 'Section', { padding: 48, gap: 20, align: 'center', style: heroStyle('#1e1b4b', '#701a75', '#ffffff') }, [
    ...b.intro(
      'hero',
      title,
      { text: '18–19 June 2026 · Amsterdam', style: { base: { ...eyebrow.base, color: '#f0abfc' } } },
      {
        text: 'Two days, thirty talks and eight hundred people who build for the web. Hands-on workshops, honest talks, great coffee.',
        style: { ...lead, base: { ...lead.base, color: '#f5d0fe' } },
      },
      center,
    ),
    b.node('hero-button', 'Button', { label: 'Get your ticket', href: '#tickets' }),
    b.node('hero-image', 'Image', {
      src: img('event-stage.svg'),
      alt: 'The main stage of the conference',
      width: 960,
      height: 480,
      style: { base: { marginTop: '24px' } },
    }),
  ]);
  const speakers = b.headed('speakers', { padding: 56, gap: 28 }, { text: 'Speakers', ...center }, (section) => [
    b.cards(
      `${section}-grid`,
      [
        ['Lea Verou', 'Keynote: the next ten years of CSS', 'Invited expert, W3C'],
        ['Ana Sousa', 'Local-first apps that never lose a keystroke', 'Engineer, Ink & Switch'],
        ['Kofi Mensah', 'Accessibility is a performance problem', 'Design lead, Gov.uk'],
      ],
      (id, [name, quote, role]) => [b.node(`${id}-quote`, 'Testimonial', { quote, name, role })],
    ),
  ]);
  const schedule = b.list('schedule', { padding: 56, gap: 16, style: tinted('#faf5ff') }, 'Schedule', [
    '09:00 Doors open and breakfast',
    '10:00 Opening keynote',
    '11:00 Talks on two stages',
    '13:00 Lunch on the canal terrace',
    '14:30 Workshops',
    '18:00 Drinks and demos',
  ]);
  const tickets = b.headed('tickets', { padding: 56, gap: 28 }, { text: 'Tickets', ...center }, (section) => [
    b.cards(
      `${section}-grid`,
      [
        ['Early bird', '€249', 'Both days, lunch included; until 1 April', 'secondary'],
        ['Regular', '€349', 'Both days, lunch and the evening party', 'primary'],
        ['Workshop pass', '€549', 'Everything, plus a full-day workshop', 'secondary'],
      ],
      (id, [name, price, text, variant]) => [
        b.node(`${id}-name`, 'Heading', { text: name, level: '3' }),
        b.node(`${id}-price`, 'Heading', { text: price, level: '2' }),
        b.node(`${id}-text`, 'Text', { text, style: { base: { minHeight: '52px' } } }),
        b.node(`${id}-button`, 'Button', { label: `Buy ${name.toLowerCase()}`, href: '#tickets', variant }),
      ],
    ),
  ]);
  const faq = b.faq('faq', { padding: 56, gap: 16 }, 'Questions', [
    'Will talks be recorded? | Yes: every talk is online, free, two weeks after the event.',
    'Is the venue accessible? | Step-free access throughout, a quiet room, live captions on both stages.',
    'Can I get a refund? | Up to 30 days before the event, in full; after that you can transfer your ticket.',
  ]);
  const foot = b.footer('© 2026 Waveform Conference B.V. · Amsterdam', [
    'Code of conduct | /conduct',
    'Sponsors | /sponsors',
    'Contact | mailto:team@example.com',
  ]);
  const theme = { primary: '#c026d3', headingFont: 'geometric', bodyFont: 'system' };
  return b.page({ title, maxWidth: 1120, theme }, [nav, hero, speakers, schedule, tickets, faq, foot]);
};

const builders: Record<TemplateId, (title: string) => PageDocument> = {
  blank,
  landing,
  pricing,
  saas,
  launch,
  portfolio,
  event,
  starter: starterDocument,
};

/** A new document from a template, with `title` as the page's title (and, where it has one, its main heading). */
export function templateDocument(template: TemplateId, title = DEFAULT_PAGE_TITLE): PageDocument {
  return builders[template](title);
}

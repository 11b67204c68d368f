/** Small line icons for component types and toolbar buttons (inline SVG, no icon font). */
import type { ReactNode } from 'react';

const paths: Record<string, ReactNode> = {
  Page: <path d="M6 3h8l4 4v14H6zM14 3v4h4" />,
  Section: <path d="M4 5h16v14H4zM4 9h16" />,
  Heading: <path d="M6 4v16M18 4v16M6 12h12" />,
  Text: <path d="M4 6h16M4 10h16M4 14h16M4 18h10" />,
  Button: <path d="M3 8h18v8H3zM8 12h8" />,
  Image: <path d="M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01" />,
  Columns: <path d="M4 5h16v14H4zM12 5v14" />,
  Column: <path d="M8 4h8v16H8z" />,
  Card: <path d="M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2zM7 10h10M7 14h6" />,
  Link: <path d="M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1" />,
  List: <path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01" />,
  Divider: <path d="M3 12h18" />,
  Spacer: <path d="M12 3v18M8 7l4-4 4 4M8 17l4 4 4-4" />,
  undo: <path d="M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-4" />,
  redo: <path d="m15 14 5-5-5-5M20 9H9a5 5 0 0 0 0 10h4" />,
  trash: <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />,
  copy: <path d="M9 9h11v11H9zM5 15H4V4h11v1" />,
  desktop: <path d="M3 4h18v12H3zM8 20h8M12 16v4" />,
  tablet: <path d="M6 3h12v18H6zM11 18h2" />,
  mobile: <path d="M8 3h8v18H8zM11 18h2" />,
  eye: <path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z" />,
  edit: <path d="M4 20h4L19 9l-4-4L4 16zM14 6l4 4" />,
  chevron: <path d="m9 6 6 6-6 6" />,
  check: <path d="m5 12 5 5 9-10" />,
  link: <path d="M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1" />,
  plus: <path d="M12 5v14M5 12h14" />,
  close: <path d="M6 6l12 12M18 6 6 18" />,
  up: <path d="m6 15 6-6 6 6" />,
  down: <path d="m6 9 6 6 6-6" />,
  grip: <path d="M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01" />,
  history: <path d="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 3" />,
  refresh: <path d="M20 11a8 8 0 0 0-14.6-4.5L4 8M4 3v5h5M4 13a8 8 0 0 0 14.6 4.5L20 16M20 21v-5h-5" />,
  back: <path d="M19 12H5M11 6l-6 6 6 6" />,
  alert: <path d="M12 3 2 20h20zM12 10v4M12 17h.01" />,
  globe: (
    <path d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z" />
  ),
  download: <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />,
  upload: <path d="M12 20V9M7 14l5-5 5 5M5 4h14" />,
  more: <path d="M5 12h.01M12 12h.01M19 12h.01" />,
};

export function Icon({ name, size = 16 }: { name: string; size?: number }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {paths[name] ?? <path d="M5 5h14v14H5z" />}
    </svg>
  );
}

/**
 * The components' CSS: how each type looks and how the page reflows on narrow
 * screens. The editor's canvas (desktop, tablet, mobile, preview) and the
 * published page use this same text, so what the mobile preview shows is what a
 * phone gets. Narrow layouts follow the width of the `.tp-frame` element (a
 * container query), not of the window: the canvas frame in the editor, the
 * whole page when published. Only static rules: nothing a peer wrote is in it.
 */
import { FONT_FACE_CSS } from './fonts.ts';
import { BREAKPOINT_MAX_WIDTH } from '@tandem/protocol';

/** The class of the element that holds a rendered page: its width decides the narrow layout. */
export const FRAME_CLASS = 'tp-frame';

/** The phone layout starts where the style system's mobile breakpoint does (SPEC S2): one constant for both. */
export const MOBILE_MAX_WIDTH = BREAKPOINT_MAX_WIDTH.mobile;

export const COMPONENT_CSS = `${FONT_FACE_CSS}
.tp-frame {
  container-type: inline-size;
  container-name: tp-frame;
  color: #0f172a;
  font-family: "Inter", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px;
  line-height: 1.6;
}

.tp-page {
  display: flex;
  flex-direction: column;
  width: 100%;
  margin: 0 auto;
  min-height: 100%;
}

.tp-section {
  display: flex;
  flex-direction: column;
  min-width: 0;
}

.tp-section--row {
  flex-direction: row;
  flex-wrap: wrap;
}

.tp-heading {
  margin: 0;
  font-weight: 700;
  line-height: 1.2;
  letter-spacing: -0.02em;
  color: #0f172a;
  overflow-wrap: break-word;
}

.tp-heading--1 {
  font-size: 44px;
  line-height: 1.1;
  letter-spacing: -0.03em;
}

.tp-heading--2 {
  font-size: 32px;
}

.tp-heading--3 {
  font-size: 24px;
}

.tp-heading--4 {
  font-size: 20px;
  letter-spacing: -0.01em;
}

.tp-heading--5 {
  font-size: 17px;
  letter-spacing: 0;
}

.tp-heading--6 {
  font-size: 14px;
  letter-spacing: 0.06em;
  text-transform: uppercase;
  color: #475467;
}

.tp-text {
  margin: 0;
  color: #344054;
  white-space: pre-wrap;
  overflow-wrap: break-word;
}

/* Buttons, links and images are as wide as they are (stretching would only stretch the selection box);
   a Section's alignment still places them. */
.tp-button-wrap,
.tp-link-wrap {
  display: block;
  width: fit-content;
  max-width: 100%;
}

.tp-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  min-height: 44px;
  padding: 10px 20px;
  border: 1px solid transparent;
  border-radius: 10px;
  font-size: 15px;
  font-weight: 600;
  line-height: 1.3;
  text-decoration: none;
  cursor: pointer;
  overflow-wrap: break-word;
  transition:
    background-color 120ms,
    border-color 120ms;
}

.tp-button--primary {
  background: #4f46e5;
  color: #ffffff;
  box-shadow:
    0 1px 2px rgba(16, 24, 40, 0.1),
    inset 0 1px 0 rgba(255, 255, 255, 0.12);
}

.tp-button--primary:hover {
  background: #4338ca;
}

.tp-button--secondary {
  background: #ffffff;
  border-color: #d0d5dd;
  color: #0f172a;
  box-shadow: 0 1px 2px rgba(16, 24, 40, 0.05);
}

.tp-button--secondary:hover {
  background: #f8fafc;
}

.tp-button--ghost {
  background: transparent;
  color: #4f46e5;
  padding-left: 8px;
  padding-right: 8px;
}

.tp-button--ghost:hover {
  background: #eef0ff;
}

.tp-link {
  color: var(--theme-primary, #4f46e5);
  font-weight: 500;
  text-decoration: underline;
  text-decoration-thickness: 1px;
  text-underline-offset: 3px;
  overflow-wrap: break-word;
  cursor: pointer;
}

.tp-link:hover {
  color: #3730a3;
}

.tp-image {
  margin: 0;
  min-width: 0;
  width: fit-content;
  max-width: 100%;
}

.tp-image img {
  display: block;
  max-width: 100%;
  height: auto;
  border-radius: 8px;
}

.tp-image__placeholder {
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 8px;
  max-width: 100%;
  aspect-ratio: 16 / 10;
  border: 1px dashed #cbd5e1;
  border-radius: 8px;
  background: repeating-linear-gradient(45deg, #f8fafc, #f8fafc 10px, #f1f5f9 10px, #f1f5f9 20px);
  color: #94a3b8;
}

.tp-image__hint {
  font-size: 13px;
  font-weight: 500;
  max-width: 32ch;
  padding: 0 12px;
  text-align: center;
}

.tp-image__placeholder--refused,
.tp-image__placeholder--broken {
  border-color: #fca5a5;
  background: repeating-linear-gradient(45deg, #fef2f2, #fef2f2 10px, #fee2e2 10px, #fee2e2 20px);
  color: #b91c1c;
}

.tp-columns {
  display: grid;
  grid-template-columns: repeat(var(--columns, 1), minmax(0, 1fr));
  min-width: 0;
}

.tp-column,
.tp-card {
  display: flex;
  flex-direction: column;
  gap: 12px;
  min-width: 0;
}

.tp-card {
  border: 1px solid #e4e7ec;
}

.tp-card--shadow {
  box-shadow:
    0 1px 3px rgba(16, 24, 40, 0.06),
    0 10px 24px -6px rgba(16, 24, 40, 0.12);
}

.tp-list {
  margin: 0;
  padding-left: 24px;
  color: #344054;
}

.tp-list li + li {
  margin-top: 4px;
}

.tp-list li::marker {
  color: #4f46e5;
}

.tp-divider {
  padding: 8px 0;
}

.tp-divider hr {
  margin: 0;
  border: 0;
  border-top-style: solid;
  border-top-width: 1px;
  border-top-color: #e2e8f0;
}

.tp-spacer {
  flex: none;
}

.tp-unknown {
  padding: 12px;
  border: 1px dashed #f04438;
  border-radius: 8px;
  color: #b42318;
  font-size: 13px;
}

/* What sits straight on a page, outside any Section, keeps off its edges. */

.tp-page > :not(.tp-section, .tp-page) {
  margin: 12px 24px;
}

/* A page's navigation and footer span its width, with their own padding. */
.tp-page > :is(.tp-navbar, .tp-footer) {
  margin: 0;
}

/* Children of a horizontal Section share its width; on narrow canvases rows and columns stack. */

.tp-section--row > * {
  flex: 1 1 0;
  min-width: 0;
}

.tp-section--row > .tp-button-wrap,
.tp-section--row > .tp-link-wrap,
.tp-section--row > .tp-image {
  flex: 0 0 auto;
}

/* Navbar: logo, links and button in a row; under the mobile breakpoint a <details> menu instead (no script). */
.tp-navbar {
  display: flex;
  align-items: center;
  gap: 24px;
  padding: 16px 24px;
  position: relative;
}

.tp-navbar__logo {
  font-weight: 800;
  font-size: 20px;
  letter-spacing: -0.02em;
  margin-right: auto;
}

.tp-navbar__links,
.tp-navbar__menu-links,
.tp-footer__links,
.tp-logos__list {
  list-style: none;
  margin: 0;
  padding: 0;
  display: flex;
  flex-wrap: wrap;
}

.tp-navbar__links {
  gap: 24px;
}

.tp-navbar__link,
.tp-footer__link {
  color: inherit;
  text-decoration: none;
  font-weight: 500;
  opacity: 0.85;
}

.tp-navbar__link:hover,
.tp-footer__link:hover {
  opacity: 1;
  text-decoration: underline;
}

.tp-navbar__button {
  min-height: 40px;
  padding: 8px 16px;
}

.tp-navbar__menu {
  display: none;
}

.tp-navbar__toggle {
  list-style: none;
  cursor: pointer;
  display: flex;
  padding: 8px;
  border-radius: 8px;
}

.tp-navbar__toggle::-webkit-details-marker {
  display: none;
}

.tp-navbar__panel {
  position: absolute;
  left: 12px;
  right: 12px;
  top: 100%;
  z-index: 10;
  display: flex;
  flex-direction: column;
  gap: 12px;
  padding: 16px;
  background: #fff;
  color: #0f172a;
  border: 1px solid #e4e7ec;
  border-radius: 12px;
  box-shadow: 0 10px 24px -6px rgba(16, 24, 40, 0.18);
}

.tp-navbar__menu-links {
  flex-direction: column;
  gap: 12px;
}

.tp-footer {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 16px;
  padding: 32px 24px;
  border-top: 1px solid #e4e7ec;
  font-size: 14px;
}

.tp-footer__text {
  margin: 0;
  opacity: 0.75;
}

.tp-footer__links {
  gap: 20px;
}

.tp-testimonial {
  margin: 0;
  display: flex;
  flex-direction: column;
  gap: 16px;
}

.tp-testimonial__quote {
  margin: 0;
  font-size: 18px;
  line-height: 1.6;
}

.tp-testimonial__quote p {
  margin: 0;
}

.tp-testimonial__quote p::before {
  content: "\\201C";
}

.tp-testimonial__quote p::after {
  content: "\\201D";
}

.tp-testimonial__author {
  display: flex;
  align-items: center;
  gap: 12px;
}

.tp-testimonial__avatar {
  width: 48px;
  height: 48px;
  border-radius: 50%;
  object-fit: cover;
  flex: none;
}

.tp-testimonial__initial {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  background: color-mix(in srgb, var(--theme-primary, #4338ca) 12%, #ffffff);
  color: var(--theme-primary, #4338ca);
  font-weight: 700;
}

.tp-testimonial__who {
  display: flex;
  flex-direction: column;
  font-size: 14px;
  line-height: 1.4;
}

.tp-feature {
  display: flex;
  flex-direction: column;
  gap: 8px;
}

.tp-feature__icon {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 44px;
  height: 44px;
  border-radius: 12px;
  background: color-mix(in srgb, var(--theme-primary, #4338ca) 12%, #ffffff);
  color: var(--theme-primary, #4338ca);
}

.tp-feature__title {
  margin: 8px 0 0;
  font-size: 18px;
  line-height: 1.3;
}

.tp-feature__text {
  margin: 0;
  opacity: 0.8;
}

.tp-faq {
  display: flex;
  flex-direction: column;
}

.tp-faq__item {
  border-bottom: 1px solid #e4e7ec;
  padding: 16px 0;
}

.tp-faq__question {
  cursor: pointer;
  font-weight: 600;
  font-size: 17px;
}

.tp-faq__answer {
  margin: 8px 0 0;
  opacity: 0.8;
}

.tp-logos {
  display: flex;
  flex-direction: column;
  align-items: center;
  gap: 16px;
}

.tp-logos__title {
  margin: 0;
  font-size: 13px;
  font-weight: 600;
  letter-spacing: 0.08em;
  text-transform: uppercase;
  opacity: 0.6;
}

.tp-logos__list {
  justify-content: center;
  align-items: center;
  gap: 16px 40px;
}

.tp-logos__item {
  font-size: 20px;
  font-weight: 800;
  letter-spacing: -0.02em;
  opacity: 0.55;
}

.tp-logos__item img {
  height: 32px;
  width: auto;
  display: block;
}

.tp-video__frame,
.tp-video__placeholder {
  display: block;
  background: #0f172a;
  width: 100%;
  aspect-ratio: 16 / 9;
  border: 0;
  border-radius: 12px;
}

.tp-video__placeholder {
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 8px;
  background: #0f172a;
  color: #e2e8f0;
}

.tp-video__hint {
  font-size: 14px;
  opacity: 0.8;
}

@container tp-frame (max-width: ${MOBILE_MAX_WIDTH}px) {
  .tp-navbar__links,
  .tp-navbar > .tp-navbar__button {
    display: none;
  }

  .tp-navbar__menu {
    display: block;
  }

  .tp-heading--1 {
    font-size: 34px;
  }

  .tp-heading--2 {
    font-size: 26px;
  }

  /* Not --columns: the element's own style sets that (to its number of columns), and would win. */
  .tp-columns {
    grid-template-columns: minmax(0, 1fr);
  }

  .tp-section--row {
    flex-direction: column;
  }
}
`;

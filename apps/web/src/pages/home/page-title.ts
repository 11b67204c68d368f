/** A title the server takes: trimmed, 1–200 characters. */
export const MAX_TITLE = 200;
export const normaliseTitle = (input: string): string | null => {
  const title = input.trim();
  return title !== '' && title.length <= MAX_TITLE ? title : null;
};

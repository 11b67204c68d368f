/**
 * The Video component's URL policy: only a YouTube or a Vimeo address becomes an
 * embed, and always as the provider's privacy-enhanced player URL built here from
 * the video's id alone (youtube-nocookie.com, Vimeo with dnt=1). Anything else —
 * another host, a `javascript:` URL, a malformed id — gives `null`, and the
 * renderer shows a placeholder: a peer never chooses what an iframe loads.
 */

export interface VideoEmbed {
  provider: 'youtube' | 'vimeo';
  id: string;
  src: string;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;
const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'youtu.be',
  'www.youtube-nocookie.com',
  'youtube-nocookie.com',
]);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com']);

export function videoEmbed(value: unknown): VideoEmbed | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  // Parsed by hand (no URL global is assumed here): scheme, host, path, query. A user name, a port or any odd
  // character in the host leaves it outside the two host lists.
  const match = /^https?:\/\/([^/?#]+)(\/[^?#]*)?(\?[^#]*)?(?:#.*)?$/i.exec(value.trim());
  if (!match) return null;
  const host = (match[1] as string).toLowerCase();
  const parts = (match[2] ?? '').split('/').filter(Boolean);
  const query = new Map(
    (match[3] ?? '')
      .slice(1)
      .split('&')
      .map((pair) => [pair.split('=')[0] ?? '', pair.split('=')[1] ?? ''] as const),
  );
  if (YOUTUBE_HOSTS.has(host)) {
    const id =
      host === 'youtu.be'
        ? parts[0]
        : parts[0] === 'watch'
          ? query.get('v')
          : parts[0] === 'embed' || parts[0] === 'shorts' || parts[0] === 'live'
            ? parts[1]
            : undefined;
    return id && YOUTUBE_ID.test(id) ? { provider: 'youtube', id, src: `https://www.youtube-nocookie.com/embed/${id}` } : null;
  }
  if (VIMEO_HOSTS.has(host)) {
    const id = host === 'player.vimeo.com' ? (parts[0] === 'video' ? parts[1] : undefined) : parts[0];
    return id && VIMEO_ID.test(id) ? { provider: 'vimeo', id, src: `https://player.vimeo.com/video/${id}?dnt=1` } : null;
  }
  return null;
}

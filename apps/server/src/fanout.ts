/**
 * Fan-out of room traffic to other server processes serving the same page. A
 * single process needs none, so the default delivers nowhere; a Redis-backed one
 * implements the same interface when Tandem runs on several processes.
 */
export interface Fanout {
  /** A serialized server message, as the local room sent it. */
  publish(pageId: string, frame: string): void;
  /** Messages other processes published for `pageId`, with the process that sent each; returns an unsubscribe. */
  subscribe(pageId: string, onFrame: (frame: string, origin: string) => void): () => void;
  /** False while messages may be lost (Redis down or slow): rooms then poll the store more often. */
  healthy?(): boolean;
}

export const localFanout: Fanout = {
  publish: () => {},
  subscribe: () => () => {},
};

/**
 * Whom this window follows (follow mode), shared by the avatars that start it,
 * the banner that shows and ends it and the canvas that applies it. Kept apart
 * from the editor store like the drag state: it is this window's own business,
 * never sent anywhere.
 */
import { createStore, useStore } from 'zustand';

export const followStore = createStore<{ following: string | null }>(() => ({ following: null }));

export function followUser(userId: string): void {
  followStore.setState({ following: userId });
}

export function stopFollowing(): void {
  if (followStore.getState().following !== null) followStore.setState({ following: null });
}

export function useFollowing(): string | null {
  return useStore(followStore, (state) => state.following);
}

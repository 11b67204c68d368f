/**
 * A hook for tests to count renders of individual canvas and outline nodes
 * (the render-count test). Nothing provides it in the app, where it costs one
 * context read per node render.
 */
import { createContext, useContext } from 'react';

export type RenderProbe = (where: 'canvas' | 'outline', id: string) => void;

export const RenderProbeContext = createContext<RenderProbe | null>(null);

export function useRenderProbe(where: 'canvas' | 'outline', id: string): void {
  useContext(RenderProbeContext)?.(where, id);
}

/**
 * How the collaboration client's view absorbs a remote change in the web app:
 * with immer's applyPatches, so that every component the change did not touch
 * keeps its object identity (memoised renderers skip it) and the result is frozen
 * like the editor's own. Remote changes are canonical add/remove/replace (P11).
 */
import type { ViewApplier } from '@tandem/client';
import { applyPatches, enablePatches } from 'immer';
import { toImmerPatches } from './immer-patches.ts';

enablePatches();

export const immerApplyView: ViewApplier = (view, ops) => {
  const patches = toImmerPatches(ops);
  if (patches === null) throw new Error('a remote change holds move, copy or test, which the view cannot apply');
  return applyPatches(view, patches);
};

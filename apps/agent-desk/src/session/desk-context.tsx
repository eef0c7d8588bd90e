import { createContext, useContext, useEffect, useRef } from 'react';
import type { DeskClient } from '../api/desk-client.ts';
import type { DeskSession, LiveFrame } from '../api/desk-types.ts';
import type { LiveSocket, LiveStatus } from '../api/live-socket.ts';

export interface DeskContextValue {
  client: DeskClient;
  session: DeskSession;
  live: LiveSocket;
  liveStatus: LiveStatus;
  /** Registers a handler for live frames; returns the function that removes it. */
  onFrame: (handler: (frame: LiveFrame) => void) => () => void;
  /** A short message in the desk's status line (announced to screen readers). */
  announce: (message: string) => void;
}

export const DeskContext = createContext<DeskContextValue | null>(null);

export function useDesk(): DeskContextValue {
  const value = useContext(DeskContext);
  if (value === null) {
    throw new Error('useDesk outside a signed-in desk');
  }
  return value;
}

/** Calls the latest handler for every live frame while the component is mounted. */
export function useLiveFrames(handler: (frame: LiveFrame) => void): void {
  const { onFrame } = useDesk();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => onFrame((frame) => latest.current(frame)), [onFrame]);
}

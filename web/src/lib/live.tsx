import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { LiveEvent } from './types.js';

type Listener = (e: LiveEvent) => void;
export type LiveState = 'live' | 'connecting' | 'off';

interface LiveFeed {
  readonly state: LiveState;
  subscribe(l: Listener): () => void;
}

const LiveContext = createContext<LiveFeed>({ state: 'off', subscribe: () => () => undefined });

/** One EventSource on /api/events per signed-in session; screens subscribe to its events. */
export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [state, setState] = useState<LiveState>('off');
  const listeners = useRef(new Set<Listener>());
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    setState('connecting');
    const dispatch = (raw: MessageEvent<string>) => {
      const e = JSON.parse(raw.data) as LiveEvent;
      for (const l of listeners.current) l(e);
    };
    source.addEventListener('hello', () => setState('live'));
    source.addEventListener('heartbeat', () => setState('live'));
    source.addEventListener('signal', dispatch as EventListener);
    source.addEventListener('case', dispatch as EventListener);
    source.addEventListener('alert', dispatch as EventListener);
    source.onerror = () => setState('connecting');
    return () => {
      source.close();
      setState('off');
    };
  }, [enabled]);
  const feed = useRef<LiveFeed>({ state, subscribe: () => () => undefined });
  feed.current = {
    state,
    subscribe(l) {
      listeners.current.add(l);
      return () => listeners.current.delete(l);
    },
  };
  return <LiveContext.Provider value={feed.current}>{children}</LiveContext.Provider>;
}

export function useLiveState(): LiveState {
  return useContext(LiveContext).state;
}

/** Calls `handler` for every live event while the component is mounted. */
export function useLive(handler: Listener): void {
  const feed = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => feed.subscribe((e) => ref.current(e)), [feed]);
}

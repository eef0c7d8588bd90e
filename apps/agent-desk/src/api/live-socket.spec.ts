import { describe, expect, it } from 'vitest';
import type { LiveFrame } from './desk-types.ts';
import { liveUrl, LiveSocket } from './live-socket.ts';

describe('live socket', () => {
  it('forwards each event once and ignores what is not a frame', () => {
    const frames: LiveFrame[] = [];
    const socket = new LiveSocket({ url: 'ws://desk/api/live', onFrame: (frame) => frames.push(frame) });
    const event = JSON.stringify({ type: 'event', event: { eventId: 'e1', type: 'conversation.offered', occurredAt: 'now', payload: {} } });
    socket.receive(event);
    socket.receive(event);
    socket.receive('not json');
    socket.receive(JSON.stringify([1, 2]));
    socket.receive(JSON.stringify({ type: 'pong' }));
    expect(frames.map((frame) => frame.type)).toEqual(['event', 'pong']);
  });

  it('uses wss under https', () => {
    expect(liveUrl({ protocol: 'https:', host: 'desk.example.com' })).toBe('wss://desk.example.com/api/live');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/api/live');
  });
});

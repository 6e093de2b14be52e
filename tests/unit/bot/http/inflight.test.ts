/**
 * The receiver counts as idle only when nothing is being answered and no request has started for a quiet period:
 * a burst arriving as a trickle (each request answered before the next is read) keeps it busy. Fake timers and a
 * fake clock, so the order of events is exact on any machine.
 */
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InflightRequests } from '../../../../bot/http/inflight.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A request through the middleware; `end()` finishes its response. */
function request(inflight: InflightRequests): { end(): void } {
  const res = new EventEmitter();
  inflight.middleware({} as Request, res as unknown as Response, (() => undefined) as NextFunction);
  return { end: () => res.emit('close') };
}

function watch(p: Promise<void>): { done: boolean } {
  const state = { done: false };
  void p.then(() => {
    state.done = true;
  });
  return state;
}

describe('InflightRequests.whenIdle', () => {
  it('resolves at once when no request has started for the quiet period', async () => {
    const inflight = new InflightRequests(20);
    const r = request(inflight);
    r.end();
    await vi.advanceTimersByTimeAsync(25);
    const idle = watch(inflight.whenIdle(500));
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.done).toBe(true);
  });

  it('waits while a request is answered, then for the quiet period after the last one started', async () => {
    const inflight = new InflightRequests(20);
    const first = request(inflight);
    const idle = watch(inflight.whenIdle(500));
    await vi.advanceTimersByTimeAsync(30);
    expect(idle.done).toBe(false);
    first.end();
    // The request started 30 ms ago, longer than the quiet period: idle now.
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.done).toBe(true);
  });

  it('a trickle of requests keeps it busy although each is answered before the next arrives', async () => {
    const inflight = new InflightRequests(20);
    request(inflight).end();
    const idle = watch(inflight.whenIdle(500));
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(5);
      request(inflight).end();
      expect(idle.done).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(19);
    expect(idle.done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(idle.done).toBe(true);
  });

  it('never starves: past the bound it resolves however busy the receiver is', async () => {
    const inflight = new InflightRequests(20);
    request(inflight);
    const idle = watch(inflight.whenIdle(100));
    await vi.advanceTimersByTimeAsync(99);
    expect(idle.done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(idle.done).toBe(true);
    expect(inflight.current).toBe(1);
  });

  it('releases every waiter at the same quiet moment and forgets them', async () => {
    const inflight = new InflightRequests(20);
    const r = request(inflight);
    const waiters = [
      watch(inflight.whenIdle(500)),
      watch(inflight.whenIdle(500)),
      watch(inflight.whenIdle(500)),
    ];
    await vi.advanceTimersByTimeAsync(1);
    r.end();
    await vi.advanceTimersByTimeAsync(18);
    expect(waiters.some((w) => w.done)).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(waiters.every((w) => w.done)).toBe(true);
    // No timer left behind by the released waiters.
    expect(vi.getTimerCount()).toBe(0);
  });
});

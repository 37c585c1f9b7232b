// Node 22 is the floor (better-sqlite3 13): an older Node gets one line naming both versions.
import { describe, expect, it } from 'vitest';
import { NODE_FLOOR, nodeTooOld } from '../../main/node-floor.ts';

describe('nodeTooOld', () => {
  it('refuses Node before 22 in one line and accepts 22 and later', () => {
    expect(NODE_FLOOR).toBe(22);
    expect(nodeTooOld('20.20.2')).toBe('Latchkey needs Node.js 22 or newer; this is Node.js 20.20.2.');
    expect(nodeTooOld('21.7.3')).toBe('Latchkey needs Node.js 22 or newer; this is Node.js 21.7.3.');
    expect(nodeTooOld('22.0.0')).toBeUndefined();
    expect(nodeTooOld('24.21.0')).toBeUndefined();
    expect(nodeTooOld()).toBeUndefined();
  });
});

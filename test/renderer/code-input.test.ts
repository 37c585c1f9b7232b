// @vitest-environment happy-dom
// <latchkey-code-input>: paste of a whole code, typing moves on, Backspace goes back across boxes,
// non-digits are ignored, and the right events fire.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../renderer/components/code-input.ts';
import type { CodeInput } from '../../renderer/components/code-input.ts';

let input: CodeInput;
let changes: string[];
let completes: string[];

beforeEach(async () => {
  input = document.createElement('latchkey-code-input');
  changes = [];
  completes = [];
  input.addEventListener('code-change', (e) => changes.push((e as CustomEvent<string>).detail));
  input.addEventListener('code-complete', (e) => completes.push((e as CustomEvent<string>).detail));
  document.body.append(input);
  await input.updateComplete;
});

afterEach(() => input.remove());

const boxes = () => [...input.shadowRoot!.querySelectorAll<HTMLInputElement>('.boxes input')];
const shown = () =>
  boxes()
    .map((box) => box.value || '_')
    .join('');
const active = () => boxes().indexOf(input.shadowRoot!.activeElement as HTMLInputElement);

function type(index: number, text: string): void {
  const box = boxes()[index]!;
  box.focus();
  box.value = (box.value === '' ? '' : box.value) + text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

function paste(index: number, text: string): void {
  const box = boxes()[index]!;
  box.focus();
  const event = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
  box.dispatchEvent(event);
}

function key(index: number, name: string): void {
  boxes()[index]!.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
}

describe('code input', () => {
  it('renders six numeric boxes, the first one offering one-time-code autofill', () => {
    expect(boxes()).toHaveLength(6);
    for (const box of boxes()) {
      expect(box.getAttribute('inputmode')).toBe('numeric');
      expect(box.getAttribute('aria-label')).toMatch(/of 6/);
    }
    expect(boxes()[0]!.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input.shadowRoot!.querySelector('legend')!.textContent).toBe('Verification code');
  });

  it('spreads a pasted code over the boxes and completes', () => {
    paste(0, '123456');
    expect(shown()).toBe('123456');
    expect(input.value).toBe('123456');
    expect(completes).toEqual(['123456']);
  });

  it('keeps only the digits of a pasted text, and a whole code fills from the first box', () => {
    paste(0, ' 98-76 54\n');
    expect(input.value).toBe('987654');
    input.value = '12';
    paste(2, 'Your code: 246 810');
    expect(input.value).toBe('246810');
  });

  it('pasting part of a code continues where the boxes end', () => {
    type(0, '1');
    paste(1, '23');
    expect(shown()).toBe('123___');
    expect(active()).toBe(3);
    expect(completes).toEqual([]);
  });

  it('typing a digit moves focus to the next box', () => {
    type(0, '4');
    expect(active()).toBe(1);
    type(1, '2');
    expect(shown()).toBe('42____');
    expect(active()).toBe(2);
    expect(changes).toEqual(['4', '42']);
  });

  it('ignores letters and symbols', () => {
    type(0, 'a');
    expect(shown()).toBe('______');
    type(0, '7');
    type(1, '-');
    type(1, ' ');
    expect(shown()).toBe('7_____');
    expect(input.value).toBe('7');
    expect(changes).toEqual(['7']);
  });

  it('never leaves a gap: a box past the first empty one hands focus back', () => {
    type(0, '1');
    boxes()[4]!.focus();
    expect(active()).toBe(1);
  });

  it('Backspace on an empty box deletes the previous digit and moves back across boxes', () => {
    paste(0, '123');
    expect(active()).toBe(3);
    key(3, 'Backspace');
    expect(shown()).toBe('12____');
    expect(active()).toBe(2);
    key(2, 'Backspace');
    expect(shown()).toBe('1_____');
    expect(active()).toBe(1);
    key(1, 'Backspace');
    key(0, 'Backspace');
    expect(shown()).toBe('______');
    expect(active()).toBe(0);
    key(0, 'Backspace');
    expect(input.value).toBe('');
  });

  it('Backspace on a filled box deletes that digit and closes the gap', () => {
    paste(0, '123456');
    key(2, 'Backspace');
    expect(input.value).toBe('12456');
    expect(active()).toBe(2);
  });

  it('typing over a filled box replaces its digit', () => {
    paste(0, '111111');
    const box = boxes()[3]!;
    box.focus();
    box.value = '9';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    expect(input.value).toBe('111911');
  });

  it('arrow keys move between filled boxes', () => {
    paste(0, '1234');
    boxes()[2]!.focus();
    key(2, 'ArrowLeft');
    expect(active()).toBe(1);
    key(1, 'ArrowRight');
    expect(active()).toBe(2);
  });

  it('clear() empties every box', async () => {
    paste(0, '123456');
    input.clear();
    await input.updateComplete;
    expect(shown()).toBe('______');
    expect(input.value).toBe('');
  });
});

// How the devices screen words devices: a name the browser made is said in the screen's language,
// a name a person chose is left alone, and devices of the same name differ in what is shown.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../renderer/i18n/i18n.ts';
import { deviceFacts, deviceName, shortDeviceId } from '../../renderer/i18n/device-text.ts';
import { browserDeviceName, parseBrowserDeviceName } from '../../renderer/lib/device.ts';

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('device names and facts', () => {
  afterEach(() => setLocale('en'));

  it('reads back the names the browser makes, and nothing else', () => {
    expect(browserDeviceName(CHROME_LINUX)).toBe('Chrome on Linux');
    expect(parseBrowserDeviceName('Chrome on Linux')).toEqual({ browser: 'Chrome', os: 'Linux' });
    expect(parseBrowserDeviceName('Safari on iPhone')).toEqual({ browser: 'Safari', os: 'iPhone' });
    expect(parseBrowserDeviceName('Front desk on floor')).toBeUndefined();
    expect(parseBrowserDeviceName('Chrome on Linux laptop')).toBeUndefined();
    expect(parseBrowserDeviceName('Chrome')).toBeUndefined();
  });

  it('says "X on Y" in Chinese, and keeps a chosen name as it is', () => {
    setLocale('zh');
    expect(deviceName({ name: 'Chrome on Linux' })).toBe('Linux 上的 Chrome');
    expect(deviceName({ name: 'Browser on Android' })).toBe('Android 上的 浏览器');
    expect(deviceName({ name: 'Front desk' })).toBe('Front desk');
    expect(deviceName({ name: null })).toBe('未命名设备');
    setLocale('en');
    expect(deviceName({ name: 'Chrome on Linux' })).toBe('Chrome on Linux');
  });

  it('tells two profiles of one browser apart by first sign-in, address and a short id', () => {
    expect(shortDeviceId('dev_a1B2c3D4e5F6')).toBe('a1B2c3');
    const facts = deviceFacts({ id: 'dev_a1B2c3D4e5F6', createdAt: '2026-03-05T09:41:00Z', ipAddress: '203.0.113.7' });
    expect(facts).toHaveLength(3);
    expect(facts[0]).toMatch(/^First seen Mar 5, 2026/);
    expect(facts.slice(1)).toEqual(['from\u00a0203.0.113.7', 'ID\u00a0a1B2c3']);
    expect(deviceFacts({ id: 'dev_zz', createdAt: '2026-03-05T09:41:00Z', ipAddress: null })).toHaveLength(2);
  });
});

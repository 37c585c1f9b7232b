// Picks the transport before any element starts: the preload bridge inside Electron, HTTP on the
// same origin in a browser. Kiosk mode and the idle time may come from the URL (?kiosk&idle=5).
import './lib/no-eval.ts';
import type { LatchkeyBridge } from '../shared/bridge.ts';
import { adoptSystemLocale, getLocale } from './i18n/i18n.ts';
import { configureLatchkey } from './lib/configure.ts';
import { bridgeTransport, httpTransport } from './lib/transport.ts';

const bridge = (globalThis as { latchkey?: LatchkeyBridge }).latchkey;
configureLatchkey(bridge ? bridgeTransport(bridge, getLocale) : httpTransport());
adoptSystemLocale(bridge?.appInfo.locale);
document.documentElement.lang = getLocale() === 'zh' ? 'zh-CN' : 'en';

const params = new URLSearchParams(location.search);
const app = document.querySelector('latchkey-app');
if (app && params.has('kiosk') && params.get('kiosk') !== '0') app.setAttribute('kiosk', '');
const idle = Number(params.get('idle'));
if (app && idle > 0 && idle <= 24 * 60) app.setAttribute('idle-minutes', String(idle));

// Magic-link helpers: the link and its token from the newest mail to an address.
import type { AuthServer } from '../../main/server/server.ts';
import { lastMail } from './email.ts';

export function lastLink(server: AuthServer, email: string): string {
  const link = lastMail(server, email)?.link;
  if (!link) throw new Error(`no link was mailed to ${email}`);
  return link;
}

export const tokenOf = (link: string): string => {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
};

export const lastToken = (server: AuthServer, email: string): string => tokenOf(lastLink(server, email));

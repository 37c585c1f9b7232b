// Verifies a JWT with an independent implementation: Debian's python3-jwt (PyJWT).
import { spawnSync } from 'node:child_process';

const SCRIPT = `
import json, sys, jwt
req = json.load(sys.stdin)
keys = {k["kid"]: jwt.PyJWK(k) for k in req["jwks"]["keys"]}
kid = jwt.get_unverified_header(req["token"])["kid"]
claims = jwt.decode(req["token"], key=keys[kid].key, algorithms=["EdDSA"], audience=req["audience"], issuer=req["issuer"])
print(json.dumps({"claims": claims, "typ": jwt.get_unverified_header(req["token"]).get("typ")}))
`;

export function verifyWithPyJwt(input: { token: string; jwks: unknown; audience: string; issuer: string }) {
  const result = spawnSync('/usr/bin/python3', ['-c', SCRIPT], { input: JSON.stringify(input), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3-jwt rejected the token: ${result.stderr}`);
  return JSON.parse(result.stdout) as { claims: Record<string, unknown>; typ: string };
}

// A SoftHSM2 test token for the e2e suites (as tests/sign.rs and
// docs/tools/test-token.sh make one): a throw-away CA, and on a fresh token
// three keys with their certificates. TEST DATA: no real person or key.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** SoftHSM's PKCS#11 module, where Debian puts it. */
export const MODULE = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"].find((p) => existsSync(p));

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });

/**
 * A throw-away CA and, on a fresh SoftHSM token, three keys with their
 * certificates: one to sign with (valid 2024–2034), one for encryption
 * only, one that expired on 01/01/2024.
 */
export function makeToken(dir, { pin, label, holder, org }) {
  mkdirSync(join(dir, "tokens"), { recursive: true });
  const ossl = (...args) => run("openssl", args, { cwd: dir });
  ossl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "ca.key.pem");
  ossl("req", "-x509", "-new", "-key", "ca.key.pem", "-out", "ca.pem", "-days", "3650", "-utf8", "-subj", "/C=VN/O=CA thử nghiệm chitieu/CN=CA thử nghiệm chitieu", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  ossl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "signer.key.pem");
  ossl("req", "-new", "-key", "signer.key.pem", "-out", "signer.csr", "-utf8", "-subj", `/C=VN/O=${org}/CN=${holder}`);
  // `openssl ca`, for a validity that starts before the app's clock.
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "1001\n");
  writeFileSync(
    join(dir, "ca.cnf"),
    [
      "[ ca ]",
      "default_ca = local",
      "[ local ]",
      "dir = .",
      "database = index.txt",
      "new_certs_dir = .",
      "serial = serial",
      "default_md = sha256",
      "policy = any",
      "unique_subject = no",
      "email_in_dn = no",
      "string_mask = utf8only",
      "[ any ]",
      "countryName = optional",
      "organizationName = optional",
      "commonName = supplied",
      "[ signer ]",
      "keyUsage = critical,digitalSignature,nonRepudiation",
      "basicConstraints = CA:FALSE",
      "[ crypt ]",
      "keyUsage = critical,keyEncipherment",
      "basicConstraints = CA:FALSE",
      "",
    ].join("\n"),
  );
  // The signing certificate; one for encryption only; one expired before the app's clock.
  const issue = (name, cn, ext, from, to) => {
    if (name !== "signer") ossl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", `${name}.key.pem`);
    if (name !== "signer") ossl("req", "-new", "-key", `${name}.key.pem`, "-out", `${name}.csr`, "-utf8", "-subj", `/C=VN/O=${org}/CN=${cn}`);
    ossl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key.pem", "-in", `${name}.csr`, "-out", `${name}.pem`, "-startdate", from, "-enddate", to, "-extensions", ext, "-utf8", "-notext");
    ossl("x509", "-in", `${name}.pem`, "-outform", "DER", "-out", `${name}.der`);
  };
  issue("signer", holder, "signer", "20240101000000Z", "20341231000000Z");
  issue("crypt", "Khoá mã hoá", "crypt", "20240101000000Z", "20341231000000Z");
  issue("old", "Chứng thư cũ", "signer", "20230101000000Z", "20240101000000Z");
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${join(dir, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  run("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "13579135"], { env, cwd: dir });
  for (const [name, id] of [["old", "03"], ["crypt", "02"], ["signer", "01"]]) {
    run("softhsm2-util", ["--import", `${name}.key.pem`, "--token", label, "--label", name, "--id", id, "--pin", pin], { env, cwd: dir });
    run("pkcs11-tool", ["--module", MODULE, "--token-label", label, "--login", "--pin", pin, "--write-object", `${name}.der`, "--type", "cert", "--id", id, "--label", name], { env, cwd: dir });
  }
  return conf;
}

/**
 * The certificate's mini-program code carries its number and check code in wxacode's 32-character
 * scene: `HZ2027-ABCDEF1234` + 16 hex check → `2027ABCDEF1234` + check (30 characters). The
 * verify page decodes it; the server still checks the code, so the scene proves nothing by itself.
 */
const CERT = /^HZ(\d{4})-([0-9A-F]{10})$/;
const SCENE = /^(\d{4})([0-9A-F]{10})([0-9a-f]{16})$/;

export function encodeCertificateScene(certificateNo: string, code: string): string | null {
  const m = CERT.exec(certificateNo);
  if (!m || !/^[0-9a-f]{16}$/.test(code)) return null;
  return `${m[1]}${m[2]}${code}`;
}

export function decodeCertificateScene(scene: string): { certificateNo: string; code: string } | null {
  const m = SCENE.exec(scene.trim());
  return m ? { certificateNo: `HZ${m[1]}-${m[2]}`, code: m[3]! } : null;
}

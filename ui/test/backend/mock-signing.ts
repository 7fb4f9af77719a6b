// «Ký số» for the mock backend (UI tests, and trying the UI in a browser):
// a software token holding one signing certificate and one encryption-only
// one. The sentences are the core's (crates/chitieu-sign/src/error.rs,
// crates/chitieu-core/src/signing.rs); the real rules are there.

import type { DriverSuggestion, SignDone, TokenCertificate } from "../../src/api";

/** The PIN the mock token takes. */
export const MOCK_PIN = "246810";
export const SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so";

export const WRONG_PIN = "Mã PIN không đúng; hãy nhập lại (nhập sai nhiều lần, token sẽ bị khoá).";
export const NO_PIN = "Chưa nhập mã PIN của token: hãy nhập mã PIN rồi thử lại.";

export function mockSuggestions(present: boolean): DriverSuggestion[] {
  return [
    { path: SOFTHSM, issuer: "SoftHSM (token mềm, thử nghiệm)", present },
    { path: "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", issuer: "OpenSC", present: false },
  ];
}

export function mockCertificates(): TokenCertificate[] {
  return [
    {
      token: "chitieu-test",
      key: "signer",
      holder: "Nguyễn Thị Hồng Hạnh",
      organization: "Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
      serial: "3A1F09",
      valid_from: "01/07/2024",
      valid_to: "31/07/2024",
      can_sign: true,
      problem: null,
    },
    {
      token: "chitieu-test",
      key: "crypt",
      holder: "Khoá mã hoá",
      organization: "Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
      serial: "3A1F0A",
      valid_from: "01/07/2024",
      valid_to: "31/07/2024",
      can_sign: false,
      problem:
        "Chứng thư số của «Khoá mã hoá» không dùng để ký số (thiếu mục đích ký số trong Key Usage): hãy chọn chứng thư ký số của token.",
    },
  ];
}

export function mockSigned(fileName: string): SignDone {
  const name = fileName.replace(/\.pdf$/i, "") + "-da-ky.pdf";
  return {
    token: "w-signed",
    file_name: name,
    folder: "/tmp/out",
    signed: {
      path: `/tmp/out/${name}`,
      bytes: 48200,
      signer: "Nguyễn Thị Hồng Hạnh",
      organization: "Sở Thông tin và Truyền thông tỉnh Thái Nguyên",
      signed_at: "01/07/2024 10:00:00 +07:00",
    },
  };
}

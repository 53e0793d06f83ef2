import { mayReadDocuments } from "../../src/domain/documents/document-access";
import { DEFAULT_PROJECTIONS, petitionViewFor } from "../../src/domain/access/projection";
import type { Principal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";
import { checkUpload, detectContentType, normaliseContentType, sanitiseFileName } from "../../src/domain/documents/document-terms";

const S = { maxBytes: 16, allowedTypes: ["application/pdf", "image/jpeg", "image/png"] };
const bytes = (...b: number[]) => Uint8Array.from(b);
const code = (f: () => unknown) => {
  try {
    f();
    return "accepted";
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe("type by content (magic numbers)", () => {
  it.each([
    ["application/pdf", bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31)],
    ["image/png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)],
    ["image/jpeg", bytes(0xff, 0xd8, 0xff, 0xe0)],
    ["image/gif", bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61)],
    ["image/webp", bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50)],
  ])("recognises %s", (type, b) => expect(detectContentType(b)).toBe(type));

  it("recognises nothing else, nor a truncated signature", () => {
    expect(detectContentType(bytes(0x4d, 0x5a, 0x90, 0))).toBeNull(); // MZ: a Windows executable
    expect(detectContentType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull(); // half a PNG signature
    expect(detectContentType(bytes(0x25, 0x50, 0x44, 0x46))).toBeNull(); // "%PDF" without the dash
    expect(detectContentType(bytes())).toBeNull();
  });

  it("normalises declared types", () => {
    expect(normaliseContentType(" Image/JPG ; charset=binary")).toBe("image/jpeg");
    expect(normaliseContentType("application/PDF")).toBe("application/pdf");
  });
});

describe("checkUpload", () => {
  const pdf = bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31);
  it("accepts an allowed type declared as itself or as octet-stream, and returns the detected type", () => {
    expect(checkUpload(pdf, "application/pdf", S)).toBe("application/pdf");
    expect(checkUpload(pdf, "application/octet-stream", S)).toBe("application/pdf");
  });
  it("refuses, with stable codes: too large (16 is the limit, 17 is over), empty, not allowed, mismatched", () => {
    expect(code(() => checkUpload(new Uint8Array([...pdf, ...new Uint8Array(10)]), "application/pdf", S))).toBe("accepted"); // 16 bytes
    expect(code(() => checkUpload(new Uint8Array([...pdf, ...new Uint8Array(11)]), "application/pdf", S))).toBe("DOCUMENT_TOO_LARGE");
    expect(code(() => checkUpload(bytes(), "application/pdf", S))).toBe("BAD_USER_INPUT");
    expect(code(() => checkUpload(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61), "image/gif", S))).toBe("DOCUMENT_TYPE_NOT_ALLOWED");
    expect(code(() => checkUpload(bytes(0x4d, 0x5a, 0x90, 0), "image/png", S))).toBe("DOCUMENT_TYPE_NOT_ALLOWED");
    expect(code(() => checkUpload(pdf, "image/png", S))).toBe("DOCUMENT_TYPE_MISMATCH");
  });
});

describe("sanitiseFileName", () => {
  it.each([
    ["身份证复印件.pdf", "身份证复印件.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\张某\\房产证.jpg", "房产证.jpg"],
    [".hidden", "hidden"],
    ["..", "file"],
    ["", "file"],
    ["a\u0000b\r\nc.png", "a_b__c.png"],
    ['x<y>:"|?*.pdf', "x_y______.pdf"],
    ["  多   空格 .png ", "多 空格 .png"],
  ])("%j → %j", (raw, clean) => expect(sanitiseFileName(raw)).toBe(clean));

  it("keeps at most 120 characters, with the extension", () => {
    const long = sanitiseFileName(`${"材".repeat(200)}.pdf`);
    expect([...long]).toHaveLength(120);
    expect(long.endsWith("材.pdf")).toBe(true);
  });
});

describe("mayReadDocuments", () => {
  const who = (orgId: number, orgPath: number[], orgKind: OrgKind, orgLevel: OrgLevel): Principal => ({ subject: "u", orgId, orgCode: `O${orgId}`, orgKind, orgLevel, orgPath, roles: [Role.CASE_OFFICER] });
  const county = who(3, [3, 1], OrgKind.PETITION_OFFICE, OrgLevel.COUNTY);
  const partner = who(9, [9, 1], OrgKind.PARTNER_AGENCY, OrgLevel.CITY);
  const full = petitionViewFor(county, { access: [{ orgId: 3, reason: "LOCALITY" }] }, DEFAULT_PROJECTIONS, []);
  const referred = petitionViewFor(partner, { access: [{ orgId: 9, reason: "REFERRAL" }] }, DEFAULT_PROJECTIONS, []);
  const handling = petitionViewFor(partner, { access: [{ orgId: 9, reason: "HANDLER" }] }, DEFAULT_PROJECTIONS, []);
  const configured = petitionViewFor(partner, { access: [{ orgId: 9, reason: "REFERRAL" }] }, { [OrgKind.PARTNER_AGENCY]: ["number", "documents"] }, []);

  it("follows the view: full views and projections naming documents may; the default partner projection may not", () => {
    expect(mayReadDocuments(county, full, null)).toBe(true);
    expect(mayReadDocuments(partner, referred, null)).toBe(false);
    expect(mayReadDocuments(partner, handling, null)).toBe(true);
    expect(mayReadDocuments(partner, configured, null)).toBe(true);
  });
  it("never the accused unit or a unit under it, whatever its view", () => {
    expect(mayReadDocuments(county, full, 3)).toBe(false);
    expect(mayReadDocuments(county, full, 1)).toBe(false);
    expect(mayReadDocuments(county, full, 4)).toBe(true);
  });
});

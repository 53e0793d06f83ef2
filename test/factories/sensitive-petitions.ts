import type { TestHub } from "./test-hub";

/**
 * A petitioner whose every identifying value is distinctive, so a test of a public or partner view can search the
 * whole response body for each of them (and for the masked forms: `****`, the ID number's region prefix).
 */
export const SENSITIVE_PERSON = { name: "欧阳振华", idNumber: "370502199001011234", phone: "13912345678" } as const;
export const SENSITIVE_FRAGMENTS = [SENSITIVE_PERSON.name, SENSITIVE_PERSON.idNumber, SENSITIVE_PERSON.phone, "****", "370502"];

/**
 * `data` of a GraphQL call that must succeed (errors thrown as JSON), and a lifecycle move on a petition. Takes the
 * hub by getter: suites start it in `beforeAll`, after the helpers are made.
 */
export function gqlHelpers(hub: () => TestHub) {
  const ok = async <T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await hub().gql<T>(token, query, variables);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data as T;
  };
  const move = (token: string, field: string, id: string, args = "") => ok(token, `mutation { ${field}(id: "${id}"${args ? `, ${args}` : ""}) { id } }`);
  return { ok, move };
}

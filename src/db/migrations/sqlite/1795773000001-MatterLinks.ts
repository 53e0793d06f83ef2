import { MigrationInterface, QueryRunner } from "typeorm";
import { backfillRequestDigests } from "../request-digest-backfill";

/**
 * Matters linked by people (Arts. 22, 36): each item's link kind and request digest, and the decisions on links.
 * Items that joined a matter through the old automatic fingerprint become UNCONFIRMED (they bar nothing until a
 * person confirms them); the first item of each matter opened it (OWN).
 */
export class MatterLinks1795773000001 implements MigrationInterface {
  name = "MatterLinks1795773000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"petition\" ADD COLUMN \"matterLink\" varchar(12) NOT NULL DEFAULT ('OWN')");
    await q.query("ALTER TABLE \"petition\" ADD COLUMN \"requestDigest\" varchar(64)");
    await q.query("CREATE INDEX \"IDX_petition_requestDigest\" ON \"petition\" (\"requestDigest\") ");
    await q.query("UPDATE \"petition\" SET \"matterLink\" = 'UNCONFIRMED' WHERE \"id\" <> (SELECT MIN(f.\"id\") FROM \"petition\" f WHERE f.\"matterId\" = \"petition\".\"matterId\")");
    await q.query("CREATE TABLE \"matter_link_decision\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"petitionId\" integer NOT NULL, \"otherPetitionId\" integer, \"decision\" varchar(12) NOT NULL, \"fromMatterId\" integer NOT NULL, \"toMatterId\" integer NOT NULL, \"reason\" varchar(1000) NOT NULL, \"actor\" varchar(200) NOT NULL, \"actorOrgId\" integer NOT NULL, \"at\" datetime(3) NOT NULL)");
    await q.query("CREATE INDEX \"IDX_matter_link_decision_petition\" ON \"matter_link_decision\" (\"petitionId\", \"id\") ");
    await backfillRequestDigests(q, "\"");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_matter_link_decision_petition\"");
    await q.query("DROP TABLE \"matter_link_decision\"");
    await q.query("DROP INDEX \"IDX_petition_requestDigest\"");
    await q.query("ALTER TABLE \"petition\" DROP COLUMN \"requestDigest\"");
    await q.query("ALTER TABLE \"petition\" DROP COLUMN \"matterLink\"");
  }
}

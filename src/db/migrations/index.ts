import type { MigrationInterface } from "typeorm";
import { Init1795764404915 } from "./mysql/1795764404915-Init";
import { Referrals1795766000464 } from "./mysql/1795766000464-Referrals";
import { MachineClients1795770000000 } from "./mysql/1795770000000-MachineClients";
import { PiiAtRest1795771000000 } from "./mysql/1795771000000-PiiAtRest";
import { AuditLog1795772000000 } from "./mysql/1795772000000-AuditLog";
import { MatterLinks1795773000000 } from "./mysql/1795773000000-MatterLinks";
import { ClocksAndService1795773100000 } from "./mysql/1795773100000-ClocksAndService";
import { OutboxDurability1795773200000 } from "./mysql/1795773200000-OutboxDurability";
import { ColumnBounds1795773300000 } from "./mysql/1795773300000-ColumnBounds";
import { FairPolling1795773400000 } from "./mysql/1795773400000-FairPolling";
import { EarlyWarning1795774000000 } from "./mysql/1795774000000-EarlyWarning";
import { QueryCodes1795775000000 } from "./mysql/1795775000000-QueryCodes";
import { AccountabilityCandidates1795775500000 } from "./mysql/1795775500000-AccountabilityCandidates";
import { AlertAckOverdue1795775600000 } from "./mysql/1795775600000-AlertAckOverdue";
import { AccidentCases1795778000000 } from "./mysql/1795778000000-AccidentCases";
import { BottomLines1795780000000 } from "./mysql/1795780000000-BottomLines";
import { Documents1795776000000 } from "./mysql/1795776000000-Documents";
import { VisitOnce1795777000000 } from "./mysql/1795777000000-VisitOnce";
import { CityVisitFastTrack1795779000000 } from "./mysql/1795779000000-CityVisitFastTrack";
import { Init1795764405088 } from "./sqlite/1795764405088-Init";
import { Referrals1795766000634 } from "./sqlite/1795766000634-Referrals";
import { MachineClients1795770000001 } from "./sqlite/1795770000001-MachineClients";
import { PiiAtRest1795771000001 } from "./sqlite/1795771000001-PiiAtRest";
import { AuditLog1795772000001 } from "./sqlite/1795772000001-AuditLog";
import { MatterLinks1795773000001 } from "./sqlite/1795773000001-MatterLinks";
import { ClocksAndService1795773100001 } from "./sqlite/1795773100001-ClocksAndService";
import { OutboxDurability1795773200001 } from "./sqlite/1795773200001-OutboxDurability";
import { ColumnBounds1795773300001 } from "./sqlite/1795773300001-ColumnBounds";
import { FairPolling1795773400001 } from "./sqlite/1795773400001-FairPolling";
import { EarlyWarning1795774000001 } from "./sqlite/1795774000001-EarlyWarning";
import { QueryCodes1795775000001 } from "./sqlite/1795775000001-QueryCodes";
import { AccountabilityCandidates1795775500001 } from "./sqlite/1795775500001-AccountabilityCandidates";
import { AlertAckOverdue1795775600001 } from "./sqlite/1795775600001-AlertAckOverdue";
import { AccidentCases1795778000001 } from "./sqlite/1795778000001-AccidentCases";

import { BottomLines1795780000001 } from "./sqlite/1795780000001-BottomLines";
import { DisputeCases1795781000000 } from "./mysql/1795781000000-DisputeCases";
import { DisputeCases1795781000001 } from "./sqlite/1795781000001-DisputeCases";

/** Migrations per dialect, listed explicitly so ts (jest) and js (dist) builds load the same set. */
export const MYSQL_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795764404915, Referrals1795766000464, MachineClients1795770000000, PiiAtRest1795771000000, AuditLog1795772000000, MatterLinks1795773000000, ClocksAndService1795773100000, OutboxDurability1795773200000, ColumnBounds1795773300000, FairPolling1795773400000, EarlyWarning1795774000000, QueryCodes1795775000000, AccountabilityCandidates1795775500000, AlertAckOverdue1795775600000, AccidentCases1795778000000, BottomLines1795780000000, Documents1795776000000, VisitOnce1795777000000, CityVisitFastTrack1795779000000, DisputeCases1795781000000, CityVisitSupervision1795782000000];
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795764405088, Referrals1795766000634, MachineClients1795770000001, PiiAtRest1795771000001, AuditLog1795772000001, MatterLinks1795773000001, ClocksAndService1795773100001, OutboxDurability1795773200001, ColumnBounds1795773300001, FairPolling1795773400001, EarlyWarning1795774000001, QueryCodes1795775000001, AccountabilityCandidates1795775500001, AlertAckOverdue1795775600001, AccidentCases1795778000001, BottomLines1795780000001, Documents1795776000001, VisitOnce1795777000001, CityVisitFastTrack1795779000001, DisputeCases1795781000001, CityVisitSupervision1795782000001];
import { Documents1795776000001 } from "./sqlite/1795776000001-Documents";

/** Migrations per dialect, listed explicitly so ts (jest) and js (dist) builds load the same set. */
import { VisitOnce1795777000001 } from "./sqlite/1795777000001-VisitOnce";

/** Migrations per dialect, listed explicitly so ts (jest) and js (dist) builds load the same set. */
import { CityVisitFastTrack1795779000001 } from "./sqlite/1795779000001-CityVisitFastTrack";

/** Migrations per dialect, listed explicitly so ts (jest) and js (dist) builds load the same set. */
import { CityVisitSupervision1795782000000 } from "./mysql/1795782000000-CityVisitSupervision";
import { CityVisitSupervision1795782000001 } from "./sqlite/1795782000001-CityVisitSupervision";

import { Column, Entity, PrimaryColumn } from "typeorm";

/** The last number issued per letter kind and year; incremented in the issuing transaction (an upsert). */
@Entity("letter_counter")
export class LetterCounterEntity {
  @PrimaryColumn({ type: "varchar", length: 30 })
  kind: string;

  @PrimaryColumn({ type: "int" })
  year: number;

  @Column({ type: "int" })
  lastSeq: number;
}


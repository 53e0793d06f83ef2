import { Column, Entity, PrimaryColumn } from "typeorm";
import { textColumn } from "./columns";

/** The last number issued per letter kind and year; incremented in the issuing transaction (an upsert). */
@Entity("letter_counter")
export class LetterCounterEntity {
  @PrimaryColumn(textColumn(30))
  kind: string;

  @PrimaryColumn({ type: "int" })
  year: number;

  @Column({ type: "int" })
  last: number;
}


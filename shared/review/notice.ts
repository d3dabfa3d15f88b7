/** 公示: what a public notice line shows (masked only), and the objection window. */
import { addDays, type IsoDate } from '../calendar';
import { maskIdNumber, maskName } from '../identity';

export interface NoticeLine {
  lineNo: number;
  /** 张*三 */
  name: string;
  /** 32**************12 */
  idMasked: string;
  unitName: string;
  benefitName: string;
  amountFen: number;
}

/** A notice line from the worker's full name and ID: only the masked forms leave this function. */
export function noticeLine(
  lineNo: number,
  person: { name: string; idNumber?: string; idMasked?: string },
  rest: { unitName: string; benefitName: string; amountFen: number },
): NoticeLine {
  return {
    lineNo,
    name: maskName(person.name),
    idMasked: person.idNumber ? maskIdNumber(person.idNumber) : (person.idMasked ?? ''),
    ...rest,
  };
}

/** The last day objections are taken (publication day + window days, inclusive). */
export const objectionClosesOn = (publishedOn: IsoDate, windowDays: number): IsoDate =>
  addDays(publishedOn, windowDays);

export const objectionOpen = (publishedOn: IsoDate, windowDays: number, today: IsoDate): boolean =>
  today >= publishedOn && today <= objectionClosesOn(publishedOn, windowDays);

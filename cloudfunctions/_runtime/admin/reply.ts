/** A CloudBase API reply as the SDK parses it: success carries `data`, failure a string `code`. */
export interface TcbReply {
  requestId?: string;
  data?: unknown;
  code?: string;
  message?: string;
  transactionId?: string;
}

/** What a client sends to a cloud function (the `event` the function receives). */
export interface ActionEnvelope {
  action: string;
  payload: unknown;
}

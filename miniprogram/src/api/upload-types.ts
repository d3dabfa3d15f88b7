/** A photo ready to upload: a local path on WeChat, the bytes themselves on H5. */
export interface PickedFile {
  /** WeChat: the temp file path (after compression). H5: an object URL for the preview. */
  path: string;
  size: number;
  /** H5 only: the (re-encoded) bytes. */
  blob?: Blob;
}

/** Upload progress, 0–100. */
export type OnProgress = (percent: number) => void;

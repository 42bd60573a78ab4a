import { ErrorResponse, type FileInfo, FileResponse, fileUrl } from '@stint/domain';
import type { Editor } from '@tiptap/core';
import { ApiFailure } from './api.ts';

export type UploadedFile = FileInfo;

/**
 * Sends one file into a project's document, reporting progress (fetch can't tell how much of a
 * body has gone; XMLHttpRequest can). The server sniffs the type and says why it refuses.
 */
export function uploadFile(projectId: string, doc: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${fileUrl(projectId, '').replace(/\/$/, '')}?doc=${encodeURIComponent(doc)}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name || 'pasted file'));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // an answer that is not JSON (a proxy's error page)
      }
      if (xhr.status === 201) {
        const parsed = FileResponse.safeParse(json);
        if (parsed.success) return resolve(parsed.data.file);
      }
      const error = ErrorResponse.safeParse(json);
      reject(
        error.success
          ? new ApiFailure(xhr.status, error.data.error.code, error.data.error.message)
          : new ApiFailure(xhr.status, 'upload_failed', `The upload failed (${xhr.status || 'no answer'}).`),
      );
    };
    xhr.onerror = () => reject(new ApiFailure(0, 'offline', 'Can’t reach Stint right now. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiFailure(0, 'cancelled', 'Upload cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** What an uploaded file becomes in the document: an image where images go, else an attachment. */
export function insertUploaded(editor: Editor, file: UploadedFile, at?: number) {
  const node = file.type.startsWith('image/')
    ? { type: 'image', attrs: { src: file.url, alt: file.name.replace(/\.[^.]+$/, '') } }
    : { type: 'attachment', attrs: { href: file.url, name: file.name, size: file.size, type: file.type } };
  const chain = editor.chain().focus();
  (at === undefined ? chain.insertContent(node) : chain.insertContentAt(Math.min(at, editor.state.doc.content.size), node)).run();
}

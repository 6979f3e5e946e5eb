// The smallest WebSocket client the DevTools protocol needs (RFC 6455: the upgrade, masked text
// frames out, unmasked text frames in, close), so the browser driver runs on any Node >= 18
// without flags or packages.
import http from "node:http";
import { randomBytes } from "node:crypto";

/**
 * @param {string} url  ws://host:port/path
 * @param {(text: string) => void} onMessage
 * @returns {Promise<{send: (text: string) => void, close: () => void}>}
 */
export function openDevToolsSocket(url, onMessage) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: target.hostname, port: target.port, path: target.pathname,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") },
    });
    request.on("error", reject);
    request.on("response", (response) => reject(new Error(`no WebSocket upgrade: HTTP ${response.statusCode}`)));
    request.on("upgrade", (_response, socket, head) => {
      let buffer = head;
      let message = [];
      socket.on("data", (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          if (buffer.length < 2) return;
          const fin = (buffer[0] & 0x80) !== 0;
          const opcode = buffer[0] & 0x0f;
          let length = buffer[1] & 0x7f;
          let offset = 2;
          if (length === 126) {
            if (buffer.length < 4) return;
            length = buffer.readUInt16BE(2);
            offset = 4;
          } else if (length === 127) {
            if (buffer.length < 10) return;
            length = Number(buffer.readBigUInt64BE(2));
            offset = 10;
          }
          if (buffer.length < offset + length) return;
          const payload = buffer.subarray(offset, offset + length);
          buffer = buffer.subarray(offset + length);
          if (opcode === 0x8) { socket.end(); return; }
          if (opcode === 0x1 || opcode === 0x0) {
            message.push(payload);
            if (fin) { onMessage(Buffer.concat(message).toString("utf8")); message = []; }
          }
        }
      });
      const frame = (opcode, payload) => {
        const mask = randomBytes(4);
        const length = payload.length;
        const header = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length])
          : length < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
        const masked = Buffer.from(payload);
        for (let i = 0; i < masked.length; i++) masked[i] ^= mask[i & 3];
        socket.write(Buffer.concat([header, mask, masked]));
      };
      resolve({
        send: (text) => frame(0x1, Buffer.from(text, "utf8")),
        close: () => { frame(0x8, Buffer.alloc(0)); socket.end(); },
      });
    });
    request.end();
  });
}

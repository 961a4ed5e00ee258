package dev.seismic.bench.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of byte ranges: invalid bytes are an error (to be reported with file and
 * line) rather than silently becoming U+FFFD and a different token. ASCII, by far the common case
 * for word pieces, takes a fast path.
 */
final class Utf8 {

  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
    boolean ascii = true;
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    return decoder.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
  }
}

import { MessageError } from '../../lib/message.ts';

/** A file that cannot be read at all; the import report lists it with this message. */
export class ReadError extends MessageError {
  override name = 'ReadError';
}

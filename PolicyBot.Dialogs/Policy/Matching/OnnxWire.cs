using System.Text;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// The protobuf wire format, as far as rewriting an ONNX model needs it. Fields are read in place: a length-delimited field is a
/// slice of the message it is in, never a copy. Google.Protobuf's reader copies every such field it reads, and the model and its
/// graph are 91 MB each: rewriting the model with it peaked at more than a gigabyte on the bot's first start.
/// </summary>
internal static class OnnxWire
{
    public enum WireType { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 }

    /// <summary>One field of a message: its number and type, its value (varint) or bytes (length-delimited), and the field as encoded.</summary>
    public readonly record struct Field(int Number, WireType Type, ulong Value, ReadOnlyMemory<byte> Bytes, ReadOnlyMemory<byte> Encoded)
    {
        public bool IsMessage(int number) => Number == number && Type == WireType.LengthDelimited;

        public string Text => Encoding.UTF8.GetString(Bytes.Span);
    }

    /// <summary>The fields of a message in the order they are written.</summary>
    public static IEnumerable<Field> Read(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var start = position;
            var tag = ReadVarint(message.Span, ref position);
            var (number, type) = ((int)(tag >> 3), (WireType)(tag & 7));
            var (value, bytes) = (0UL, ReadOnlyMemory<byte>.Empty);
            switch (type)
            {
                case WireType.Varint: value = ReadVarint(message.Span, ref position); break;
                case WireType.Fixed64: position += 8; break;
                case WireType.Fixed32: position += 4; break;
                case WireType.LengthDelimited:
                    var length = ReadVarint(message.Span, ref position);
                    if (length > (ulong)(message.Length - position)) throw Truncated();
                    bytes = message.Slice(position, (int)length);
                    position += (int)length;
                    break;
                default: throw new InvalidDataException($"The model uses protobuf wire type {(int)type}, which ONNX does not.");
            }
            if (position > message.Length) throw Truncated();
            yield return new Field(number, type, value, bytes, message[start..position]);
        }
    }

    /// <summary>The values of a repeated int64 field, written one by one or packed.</summary>
    public static IEnumerable<long> Int64s(IEnumerable<Field> fields, int number)
    {
        var values = new List<long>();
        foreach (var field in fields.Where(f => f.Number == number))
        {
            if (field.Type == WireType.Varint)
            {
                values.Add((long)field.Value);
                continue;
            }
            for (var position = 0; position < field.Bytes.Length;) values.Add((long)ReadVarint(field.Bytes.Span, ref position));
        }
        return values;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length) throw Truncated();
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("The model has a malformed varint.");
    }

    private static InvalidDataException Truncated() => new("The model is truncated or not a protobuf message.");

    /// <summary>Writes protobuf fields to a stream.</summary>
    public sealed class Writer(Stream output)
    {
        /// <summary>A field copied through as it was read.</summary>
        public void Copy(Field field) => output.Write(field.Encoded.Span);

        public void Varint(int number, ulong value)
        {
            WriteVarint(((ulong)number << 3) | (ulong)WireType.Varint);
            WriteVarint(value);
        }

        public void Bytes(int number, ReadOnlySpan<byte> bytes)
        {
            WriteVarint(((ulong)number << 3) | (ulong)WireType.LengthDelimited);
            WriteVarint((ulong)bytes.Length);
            output.Write(bytes);
        }

        public void String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

        /// <summary>A message field whose contents <paramref name="write"/> writes.</summary>
        public void Message(int number, Action<Writer> write)
        {
            using var buffer = new MemoryStream();
            write(new Writer(buffer));
            Bytes(number, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        private void WriteVarint(ulong value)
        {
            for (; value >= 0x80; value >>= 7) output.WriteByte((byte)(value | 0x80));
            output.WriteByte((byte)value);
        }
    }
}

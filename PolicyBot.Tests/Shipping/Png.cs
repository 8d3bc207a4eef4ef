using System.Buffers.Binary;
using System.IO.Compression;

namespace PolicyBot.Tests.Shipping;

/// <summary>A decoded 8-bit, non-interlaced PNG (colour types 2 RGB and 6 RGBA): enough to check our icons.</summary>
internal sealed record Png(int Width, int Height, byte ColourType, byte[] Pixels)
{
    public const byte Rgb = 2;
    public const byte Rgba = 6;

    public int Channels => ColourType == Rgba ? 4 : 3;

    public (byte R, byte G, byte B, byte A) PixelAt(int x, int y)
    {
        var i = (y * Width + x) * Channels;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2], ColourType == Rgba ? Pixels[i + 3] : (byte)255);
    }

    public IEnumerable<(byte R, byte G, byte B, byte A)> AllPixels()
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                yield return PixelAt(x, y);
            }
        }
    }

    public static Png Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!bytes.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException($"{path} is not a PNG");
        }

        int width = 0, height = 0;
        byte colourType = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colourType = data[9];
                if (data[8] != 8 || data[12] != 0 || (colourType != Rgb && colourType != Rgba))
                {
                    throw new NotSupportedException("only 8-bit non-interlaced RGB/RGBA PNGs are read here");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var channels = colourType == Rgba ? 4 : 3;
        return new Png(width, height, colourType, Unfilter(inflated.ToArray(), width * channels, height, channels));
    }

    private static byte[] Unfilter(byte[] data, int stride, int height, int bpp)
    {
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var src = y * (stride + 1) + 1;
            var row = y * stride;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? pixels[row + x - bpp] : 0;
                int b = y > 0 ? pixels[row - stride + x] : 0;
                int c = x >= bpp && y > 0 ? pixels[row - stride + x - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"bad PNG filter {filter}"),
                };
                pixels[row + x] = (byte)(data[src + x] + predictor);
            }
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

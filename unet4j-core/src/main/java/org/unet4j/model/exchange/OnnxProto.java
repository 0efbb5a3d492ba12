package org.unet4j.model.exchange;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few ONNX protobuf messages an exported U-Net needs, encoded with protobuf-java's
 * {@link CodedOutputStream} (Google's own, well-kept implementation of the wire format).
 *
 * <p>Why not classes generated from {@code onnx.proto}: that would need {@code protoc} (a native
 * binary) in every build and a vendored copy of the schema, for nine messages that are only ever
 * written. The field numbers below are those of {@code onnx/onnx.proto} (IR version 8, which
 * opset 17 requires); repeated scalars are written unpacked, as that proto2 schema declares them
 * (except TensorProto's data, which goes to {@code raw_data}). ONNX Runtime parsing every exported
 * graph in the tests checks the encoding.
 */
final class OnnxProto {
    static final long IR_VERSION = 8;
    static final int FLOAT = 1;
    static final int INT64 = 7;

    private OnnxProto() {
    }

    /** One message being written: fields in order, then {@link #bytes()}. */
    static final class Message {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

        Message string(int field, String value) {
            return io(() -> out.writeString(field, value));
        }

        Message int64(int field, long value) {
            return io(() -> out.writeInt64(field, value));
        }

        Message float32(int field, float value) {
            return io(() -> out.writeFloat(field, value));
        }

        Message bytes(int field, byte[] value) {
            return io(() -> out.writeByteArray(field, value));
        }

        Message message(int field, Message value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            io(out::flush);
            return buffer.toByteArray();
        }

        private interface IoAction {
            void run() throws IOException;
        }

        private Message io(IoAction a) {
            try {
                a.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    /** A TensorProto: {@code dims}, {@code data_type}, {@code name}, little-endian {@code raw_data}. */
    static Message tensor(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return tensor(name, dims, FLOAT, b.array());
    }

    static Message tensor(String name, long[] dims, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return tensor(name, dims, INT64, b.array());
    }

    private static Message tensor(String name, long[] dims, int type, byte[] raw) {
        Message m = new Message();
        for (long d : dims) {
            m.int64(1, d);
        }
        return m.int64(2, type).string(8, name).bytes(9, raw);
    }

    /** A ValueInfoProto of a float tensor; a dimension is a size ({@code Long}) or a symbolic name ({@code String}). */
    static Message floatValue(String name, Object... dims) {
        Message shape = new Message();
        for (Object d : dims) {
            Message dim = new Message();
            if (d instanceof Long n) {
                dim.int64(1, n);
            } else {
                dim.string(2, (String) d);
            }
            shape.message(1, dim);
        }
        Message tensorType = new Message().int64(1, FLOAT).message(2, shape);
        Message type = new Message().message(1, tensorType);
        return new Message().string(1, name).message(2, type);
    }

    /** A NodeProto under construction. */
    static final class Node {
        final String opType;
        final List<String> inputs = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        final List<Message> attributes = new ArrayList<>();
        final String name;

        Node(String opType, String name) {
            this.opType = opType;
            this.name = name;
        }

        Node in(String... names) {
            inputs.addAll(List.of(names));
            return this;
        }

        Node out(String... names) {
            outputs.addAll(List.of(names));
            return this;
        }

        /** AttributeProto types: FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7. */
        Node ints(String attr, long... values) {
            Message a = new Message().string(1, attr);
            for (long v : values) {
                a.int64(8, v);
            }
            attributes.add(a.int64(20, 7));
            return this;
        }

        Node integer(String attr, long value) {
            attributes.add(new Message().string(1, attr).int64(3, value).int64(20, 2));
            return this;
        }

        Node real(String attr, float value) {
            attributes.add(new Message().string(1, attr).float32(2, value).int64(20, 1));
            return this;
        }

        Node text(String attr, String value) {
            attributes.add(new Message().string(1, attr).bytes(4, value.getBytes(StandardCharsets.UTF_8)).int64(20, 3));
            return this;
        }

        Message encode() {
            Message m = new Message();
            inputs.forEach(i -> m.string(1, i));
            outputs.forEach(o -> m.string(2, o));
            m.string(3, name).string(4, opType);
            attributes.forEach(a -> m.message(5, a));
            return m;
        }
    }

    /** A ModelProto around one graph, importing the default opset {@code opset}. */
    static byte[] model(String producer, String producerVersion, String doc, long opset, Message graph) {
        Message opsetId = new Message().string(1, "").int64(2, opset);
        return new Message().int64(1, IR_VERSION).string(2, producer).string(3, producerVersion).string(6, doc)
                .message(7, graph).message(8, opsetId).bytes();
    }
}

package dev.tribridge.interop.hessian.lite;

import com.alibaba.com.caucho.hessian.io.Hessian2Input;
import com.alibaba.com.caucho.hessian.io.Hessian2Output;
import dev.tribridge.interop.hessian.HessianCodec;
import dev.tribridge.interop.hessian.Lab;

import dev.tribridge.interop.hessian.GuardedInput;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Properties;

/** org.apache.dubbo:hessian-lite with its default SerializerFactory. */
public final class Main implements HessianCodec {
    private final String artifact;

    private Main() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("artifact.properties")) {
            p.load(in);
        }
        artifact = p.getProperty("artifact");
    }

    @Override public String implementation() { return "hessian-lite"; }

    @Override public String artifact() { return artifact; }

    @Override public String dialect() { return "hessian2"; }

    @Override public byte[] write(Object... values) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Hessian2Output out = new Hessian2Output(bos);
        for (Object v : values) out.writeObject(v);
        out.flush();
        return bos.toByteArray();
    }

    @Override public Object[] read(byte[] bytes, int count) throws Exception {
        Hessian2Input in = new Hessian2Input(new GuardedInput(bytes));
        Object[] out = new Object[count];
        for (int i = 0; i < count; i++) out[i] = in.readObject();
        return out;
    }

    public static void main(String[] args) throws Exception {
        Lab.run(new Main(), args);
    }
}

package com.example.interop;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.dubbo.rpc.RpcContext;

public class EchoServiceImpl implements EchoService {
    static final int MAX_SLEEP_MS = 30_000;

    /** "" for the default registration, "g1" for the group g1 one; reported by echoAttachments. */
    private final String label;

    public EchoServiceImpl(String label) {
        this.label = label;
    }

    @Override public String echoString(String s) { return s; }
    @Override public String echoString(String a, String b) { return a + "|" + b; }
    @Override public int echoInt(int v) { return v; }
    @Override public long echoLong(long v) { return v; }
    @Override public Long echoBoxedLong(Long v) { return v; }
    @Override public boolean echoBool(boolean v) { return v; }
    @Override public double echoDouble(double v) { return v; }
    @Override public BigDecimal echoBigDecimal(BigDecimal v) { return v; }
    @Override public Date echoDate(Date v) { return v; }
    @Override public Color echoEnum(Color v) { return v; }
    @Override public BigInteger echoBigInteger(BigInteger v) { return v; }
    @Override public LocalDate echoLocalDate(LocalDate v) { return v; }
    @Override public LocalTime echoLocalTime(LocalTime v) { return v; }
    @Override public LocalDateTime echoLocalDateTime(LocalDateTime v) { return v; }
    @Override public Instant echoInstant(Instant v) { return v; }
    @Override public Duration echoDuration(Duration v) { return v; }
    @Override public ZonedDateTime echoZonedDateTime(ZonedDateTime v) { return v; }
    @Override public OffsetDateTime echoOffsetDateTime(OffsetDateTime v) { return v; }
    @Override public OffsetTime echoOffsetTime(OffsetTime v) { return v; }
    @Override public Period echoPeriod(Period v) { return v; }
    @Override public Year echoYear(Year v) { return v; }
    @Override public YearMonth echoYearMonth(YearMonth v) { return v; }
    @Override public MonthDay echoMonthDay(MonthDay v) { return v; }
    @Override public ZoneId echoZoneId(ZoneId v) { return v; }
    @Override public ZoneOffset echoZoneOffset(ZoneOffset v) { return v; }
    @Override public char echoChar(char v) { return v; }
    @Override public Character echoCharacter(Character v) { return v; }
    @Override public byte echoByte(byte v) { return v; }
    @Override public short echoShort(short v) { return v; }
    @Override public float echoFloat(float v) { return v; }
    @Override public Float echoBoxedFloat(Float v) { return v; }
    @Override public Set<String> echoStringSet(Set<String> v) { return v; }
    @Override public Set<User> echoUserSet(Set<User> v) { return v; }
    @Override public Item[] echoItems(Item[] v) { return v; }
    @Override public User[] echoUserArray(User[] v) { return v; }
    @Override public Object echoObject(Object v) { return v; }
    @Override public String describe(Object v) { return v == null ? "null" : v.getClass().getName() + "|" + v; }
    @Override public String describeDeep(Object v) { return deep(v); }

    @Override
    public String describePrimitives(float f, char c, byte b, short s) {
        return "float " + f + " 0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + "|char " + (int) c
                + "|byte " + b + "|short " + s;
    }

    private static String deep(Object v) {
        if (v == null) return "null";
        Class<?> cl = v.getClass();
        List<String> parts = new ArrayList<>();
        if (cl.isArray()) {
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) parts.add(deep(java.lang.reflect.Array.get(v, i)));
            return cl.getSimpleName() + parts;
        }
        if (v instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) parts.add(deep(e.getKey()) + "=" + deep(e.getValue()));
            // HashMap order depends on hash codes; sorting keeps the text independent of them.
            parts.sort(null);
            return cl.getSimpleName() + "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof Collection) {
            for (Object x : (Collection<?>) v) parts.add(deep(x));
            if (v instanceof Set) parts.sort(null);
            return cl.getSimpleName() + parts;
        }
        return cl.getSimpleName() + ":" + v;
    }
    @Override public List<User> echoUsers(List<User> users) { return users; }
    @Override public Map<Integer, User> echoUserMap(Map<Integer, User> users) { return users; }
    @Override public Order echoOrder(Order order) { return order; }
    @Override public byte[] echoBytes(byte[] data) { return data; }

    @Override
    public String fail(String msg) {
        throw new BizException(4001, msg);
    }

    @Override
    public Map<String, String> echoAttachments() {
        Map<String, String> out = new TreeMap<>();
        Map<String, Object> attachments = RpcContext.getServerAttachment().getObjectAttachments();
        if (attachments != null) {
            for (Map.Entry<String, Object> e : attachments.entrySet()) {
                out.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        out.put("_peer.group", label);
        return out;
    }

    @Override
    public String sleep(int millis) {
        int ms = Math.max(0, Math.min(millis, MAX_SLEEP_MS));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "slept " + ms;
    }
}

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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Exposed with version 1.0.0 (group empty, and again with group g1) over dubbo:// and tri://. */
public interface EchoService {
    String echoString(String s);

    /** Overload: returns a + "|" + b. */
    String echoString(String a, String b);

    int echoInt(int v);

    long echoLong(long v);

    Long echoBoxedLong(Long v);

    boolean echoBool(boolean v);

    double echoDouble(double v);

    BigDecimal echoBigDecimal(BigDecimal v);

    Date echoDate(Date v);

    Color echoEnum(Color v);

    BigInteger echoBigInteger(BigInteger v);

    LocalDate echoLocalDate(LocalDate v);

    LocalTime echoLocalTime(LocalTime v);

    LocalDateTime echoLocalDateTime(LocalDateTime v);

    Instant echoInstant(Instant v);

    Duration echoDuration(Duration v);

    ZonedDateTime echoZonedDateTime(ZonedDateTime v);

    OffsetDateTime echoOffsetDateTime(OffsetDateTime v);

    OffsetTime echoOffsetTime(OffsetTime v);

    Period echoPeriod(Period v);

    Year echoYear(Year v);

    YearMonth echoYearMonth(YearMonth v);

    MonthDay echoMonthDay(MonthDay v);

    ZoneId echoZoneId(ZoneId v);

    ZoneOffset echoZoneOffset(ZoneOffset v);

    char echoChar(char v);

    Character echoCharacter(Character v);

    byte echoByte(byte v);

    short echoShort(short v);

    float echoFloat(float v);

    Float echoBoxedFloat(Float v);

    Set<String> echoStringSet(Set<String> v);

    Set<User> echoUserSet(Set<User> v);

    Item[] echoItems(Item[] v);

    User[] echoUserArray(User[] v);

    /** Whatever hessian-lite decoded for a parameter declared Object, sent back as is. */
    Object echoObject(Object v);

    /** What Java made of v: its class name, "|", and its toString() (checks decoding, not just echo). */
    String describe(Object v);

    /**
     * Like describe, but down to every element: leaves as SimpleClassName:toString(), maps as
     * Class{k=v, ...} sorted by key, collections as Class[...] (sets sorted), arrays as
     * Component[][...]. Deterministic, so a test can compare it with a fixed text.
     */
    String describeDeep(Object v);

    /** The float Java holds, with its bits, and the char as its code: values the wire has no type for. */
    String describePrimitives(float f, char c, byte b, short s);

    List<User> echoUsers(List<User> users);

    Map<Integer, User> echoUserMap(Map<Integer, User> users);

    Order echoOrder(Order order);

    byte[] echoBytes(byte[] data);

    /** Always throws BizException(code = 4001, message = msg). */
    String fail(String msg);

    /** The server-side attachments of this call (RpcContext), values as strings. */
    Map<String, String> echoAttachments();

    /** Sleeps millis (capped at 30000) then returns "slept <millis>". */
    String sleep(int millis);
}

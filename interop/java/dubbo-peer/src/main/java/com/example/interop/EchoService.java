package com.example.interop;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

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

    /** What Java made of v: its class name, "|", and its toString() (checks decoding, not just echo). */
    String describe(Object v);

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

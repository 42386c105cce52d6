package com.example.sofa;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Exposed with unique id empty (version 1.0 is implied by SOFARPC), and again with unique id g1, over bolt://. */
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

    List<User> echoUsers(List<User> users);

    Map<Integer, User> echoUserMap(Map<Integer, User> users);

    Order echoOrder(Order order);

    byte[] echoBytes(byte[] data);

    /** Always throws BizException(code = 4001, message = msg). */
    String fail(String msg);

    /** The request baggage of this call (RpcInvokeContext), plus "_peer.uniqueId". */
    Map<String, String> echoAttachments();

    /** Sleeps millis (capped at 30000) then returns "slept <millis>". */
    String sleep(int millis);
}

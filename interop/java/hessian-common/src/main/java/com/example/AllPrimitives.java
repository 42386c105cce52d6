package com.example;

import java.io.Serializable;

public class AllPrimitives implements Serializable {
    private static final long serialVersionUID = 1L;
    private boolean flag;
    private byte b;
    private short s;
    private int i;
    private long l;
    private float f;
    private double d;
    private char c;
    private Integer boxedInt;
    private Long boxedLong;
    private Object any;

    public AllPrimitives() {}

    public AllPrimitives(boolean flag, byte b, short s, int i, long l, float f, double d, char c, Integer boxedInt, Long boxedLong, Object any) {
        this.flag = flag; this.b = b; this.s = s; this.i = i; this.l = l; this.f = f; this.d = d; this.c = c;
        this.boxedInt = boxedInt; this.boxedLong = boxedLong; this.any = any;
    }
}

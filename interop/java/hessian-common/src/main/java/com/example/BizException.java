package com.example;

public class BizException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private String code;

    public BizException() {}

    public BizException(String code, String message) { super(message); this.code = code; }

    public BizException(String code, String message, Throwable cause) { super(message, cause); this.code = code; }
}

package com.example.sofa;

/** Business exception thrown by EchoService.fail; carries an extra int field "code". */
public class BizException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private int code;

    public BizException() {
        super();
    }

    public BizException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int getCode() { return code; }
    public void setCode(int code) { this.code = code; }
}

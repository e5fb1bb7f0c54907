;; texts.wat — the fixed texts of the runtime, at fixed addresses from 110592 on.
;;
;; Each text is plain bytes (not a string object); the comment gives its length, which the
;; code using it repeats. Generated code never reads these: its own literals and messages are
;; string objects in its own data.

(global $T_TRUE i32 (i32.const 110592)) (data (i32.const 110592) "true") ;; 4 bytes
(global $T_FALSE i32 (i32.const 110600)) (data (i32.const 110600) "false") ;; 5 bytes
(global $T_NULL i32 (i32.const 110608)) (data (i32.const 110608) "null") ;; 4 bytes
(global $T_NAN i32 (i32.const 110616)) (data (i32.const 110616) "NaN") ;; 3 bytes
(global $T_INF i32 (i32.const 110624)) (data (i32.const 110624) "inf") ;; 3 bytes
(global $T_ERROR i32 (i32.const 110632)) (data (i32.const 110632) "error: ") ;; 7 bytes
(global $T_IN i32 (i32.const 110640)) (data (i32.const 110640) "in ") ;; 3 bytes
(global $T_CALLED i32 (i32.const 110648)) (data (i32.const 110648) ", called from ") ;; 14 bytes
(global $T_MORE i32 (i32.const 110664)) (data (i32.const 110664) ", ... and ") ;; 10 bytes
(global $T_MORE2 i32 (i32.const 110680)) (data (i32.const 110680) " more") ;; 5 bytes
(global $T_DIV i32 (i32.const 110688)) (data (i32.const 110688) "division by zero") ;; 16 bytes
(global $T_MOD i32 (i32.const 110704)) (data (i32.const 110704) "modulo by zero") ;; 14 bytes
(global $T_UNSUP2 i32 (i32.const 110720)) (data (i32.const 110720) "unsupported operand types for ") ;; 30 bytes
(global $T_UNSUP1 i32 (i32.const 110752)) (data (i32.const 110752) "unsupported operand type for ") ;; 29 bytes
(global $T_AND i32 (i32.const 110784)) (data (i32.const 110784) " and ") ;; 5 bytes
(global $T_COLON i32 (i32.const 110792)) (data (i32.const 110792) ": ") ;; 2 bytes
(global $T_OOM i32 (i32.const 110800)) (data (i32.const 110800) "error: out of memory\n") ;; 21 bytes
(global $T_INSTANCE i32 (i32.const 110824)) (data (i32.const 110824) " instance>") ;; 10 bytes
(global $T_REPEAT i32 (i32.const 110840)) (data (i32.const 110840) "cannot repeat a string ") ;; 23 bytes
(global $T_TIMES i32 (i32.const 110864)) (data (i32.const 110864) " times") ;; 6 bytes
(global $T_TOOLONG i32 (i32.const 110872)) (data (i32.const 110872) "string too long") ;; 15 bytes
;; Operator symbols by BinaryOp code, 4 bytes each: length, then the characters.
(global $OPS i32 (i32.const 110888))
(data (i32.const 110888) "\01+\00\00\01-\00\00\01*\00\00\01/\00\00\01%\00\00\02>>\00\02==\00\02!=\00\01<\00\00\02<=\00\01>\00\00\02>=\00")
;; Type names by value tag, 16 bytes each: length, then the characters (tag 7, a user
;; box, is named by its class).
(global $TYPE_NAMES i32 (i32.const 110936))
(data (i32.const 110936) "\07NullBox")
(data (i32.const 110952) "\07BoolBox")
(data (i32.const 110968) "\0aIntegerBox")
(data (i32.const 110984) "\08FloatBox")
(data (i32.const 111000) "\09StringBox")
(data (i32.const 111016) "\08ArrayBox")
(data (i32.const 111032) "\06MapBox")
(data (i32.const 111048) "\00")
(data (i32.const 111064) "\08ErrorBox")
(data (i32.const 111080) "\09FutureBox")
(data (i32.const 111096) "\09ResultBox")
(data (i32.const 111112) "\09RandomBox")
(data (i32.const 111128) "\07TimeBox")
(data (i32.const 111144) "\0aConsoleBox")
(data (i32.const 111160) "\07MathBox")
(global $T_OVERFLOW i32 (i32.const 111176)) (data (i32.const 111176) "stack overflow") ;; 14 bytes
(global $T_TAKES i32 (i32.const 111192)) (data (i32.const 111192) " takes ") ;; 7 bytes
(global $T_ARGUMENT i32 (i32.const 111200)) (data (i32.const 111200) " argument") ;; 9 bytes
(global $T_GOT i32 (i32.const 111216)) (data (i32.const 111216) ", got ") ;; 6 bytes
(global $T_UNKNOWN_METHOD i32 (i32.const 111224)) (data (i32.const 111224) "unknown method `") ;; 16 bytes
(global $T_UNKNOWN_FIELD i32 (i32.const 111240)) (data (i32.const 111240) "unknown field `") ;; 15 bytes
(global $T_ON i32 (i32.const 111256)) (data (i32.const 111256) "` on ") ;; 5 bytes
(global $T_CANNOT_READ i32 (i32.const 111264)) (data (i32.const 111264) "cannot read field `") ;; 19 bytes
(global $T_CANNOT_SET i32 (i32.const 111288)) (data (i32.const 111288) "cannot set field `") ;; 18 bytes
(global $T_OF i32 (i32.const 111312)) (data (i32.const 111312) "` of ") ;; 5 bytes
(global $T_DOT i32 (i32.const 111320)) (data (i32.const 111320) ".") ;; 1 byte
(global $T_USE_OF i32 (i32.const 111328)) (data (i32.const 111328) "use of finalised ") ;; 17 bytes
;; End of the runtime's texts: 111352.

CREATE TABLE IF NOT EXISTS webhook_delivery (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    endpoint        VARCHAR(100) NOT NULL,
    delivery_id     VARCHAR(255) NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    received_at     DATETIME(6)  NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    next_attempt_at DATETIME(6),
    lease_until     DATETIME(6),
    last_error      VARCHAR(1000),
    payload         LONGBLOB,
    headers         LONGTEXT,
    CONSTRAINT webhook_delivery_pk PRIMARY KEY (id),
    CONSTRAINT webhook_delivery_endpoint_delivery_id_key UNIQUE (endpoint, delivery_id),
    INDEX webhook_delivery_by_status_idx (status, next_attempt_at),
    INDEX webhook_delivery_by_updated_at_idx (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

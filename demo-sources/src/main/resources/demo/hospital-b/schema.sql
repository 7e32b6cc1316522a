-- Hospital B (区人民医院): a general hospital; another vendor's HIS, LIS and MCH module.
-- Pinyin-initial table and column names, local code sets, dates stored as text in places.

create table if not exists his_brjbxx (        -- 病人基本信息
  brid   varchar(16) primary key,              -- 病人ID
  xm     varchar(40),                          -- 姓名
  sfzh   varchar(20),                          -- 身份证号
  xb     char(1),                              -- 性别 1 男 2 女
  csrq   varchar(8),                           -- 出生日期 YYYYMMDD (text)
  lxdh   varchar(20),                          -- 联系电话
  gxsj   timestamp not null default localtimestamp   -- 更新时间, local time
);

create table if not exists fy_jcxx (           -- 建册信息
  jcid   varchar(20) primary key,
  brid   varchar(16) not null,
  jcrq   date not null,                        -- 建册日期
  mcyj   varchar(10),                          -- 末次月经 YYYY/MM/DD (text)
  ycq    varchar(10),                          -- 预产期 YYYY/MM/DD (text)
  yc     smallint,                             -- 孕次
  cc     smallint,                             -- 产次
  gxsj   timestamp not null default localtimestamp
);

-- No primary key: the vendor's interface table receives rows twice at times.
create table if not exists fy_cjjl (           -- 产前检查记录
  jlid   varchar(24) not null,
  brid   varchar(16) not null,
  jcrq   varchar(16) not null,                 -- 检查日期 YYYY-MM-DD HH24:MI (text)
  yz     varchar(6),                           -- 孕周 like 16+3
  ssy    smallint,                             -- 收缩压
  szy    smallint,                             -- 舒张压
  tz     numeric(5, 1),                        -- 体重 kg
  gd     numeric(4, 1),                        -- 宫底高度 cm
  txl    smallint,                             -- 胎心率
  gxsj   timestamp not null default localtimestamp
);

create table if not exists fy_gwpg (           -- 高危评估: one row per colour
  pgid   varchar(24) primary key,
  jcid   varchar(20) not null,
  pgrq   date not null,
  ysdm   char(1) not null,                     -- 颜色代码 1 绿 2 黄 3 橙 4 红 5 紫
  gwys   varchar(200),                         -- 高危因素
  gxsj   timestamp not null default localtimestamp
);

create table if not exists lis_jyjg (          -- 检验结果
  jgid   varchar(24) primary key,
  brid   varchar(16) not null,
  xmdm   varchar(6) not null,                  -- 项目代码 L001 Hb, L017 FPG, L101 HIV, L102 TP, L103 HBsAg, L201 唐筛
  jgz    varchar(20),                          -- 结果值: numbers, or 阴性 / 阳性 / 低风险 / 高风险
  dw     varchar(10),                          -- 单位
  bgrq   varchar(10) not null,                 -- 报告日期 YYYYMMDD (text)
  gxsj   timestamp not null default localtimestamp
);

create table if not exists fy_fmjl (           -- 分娩记录
  fmid   varchar(20) primary key,
  jcid   varchar(20),
  brid   varchar(16) not null,
  rysj   date not null,                        -- 入院日期
  cysj   date,                                 -- 出院日期
  fmsj   varchar(12) not null,                 -- 分娩时间 YYYYMMDDHH24MI (text)
  yz     varchar(6),                           -- 孕周 like 39+2
  fmfs   char(2) not null,                     -- 分娩方式 01 顺产 02 剖宫产
  cxl    integer,                              -- 出血量 ml
  bfz    varchar(200),                         -- 并发症
  gxsj   timestamp not null default localtimestamp
);

create table if not exists fy_xse (            -- 新生儿
  xseid  varchar(24) primary key,
  fmid   varchar(20) not null,
  tc     smallint not null,                    -- 胎次 (birth order)
  xb     char(1),                              -- 1 男 2 女
  cssj   varchar(12) not null,                 -- 出生时间 YYYYMMDDHH24MI (text)
  tz     integer,                              -- 体重 g
  sc     smallint,                             -- 身长 cm
  apgar1 smallint,
  apgar5 smallint,
  gxsj   timestamp not null default localtimestamp
);

create table if not exists fy_chfs (           -- 产后访视
  fsid   varchar(24) primary key,
  fmid   varchar(20) not null,
  fsrq   date not null,
  gxsj   timestamp not null default localtimestamp
);

-- The change stamps are local time; the adapters page by them converted to an instant (`at time
-- zone 'Asia/Shanghai'`, immutable, so it can be indexed) and the key. A visit finds its booking
-- by patient (brid), a booking its delivery by jcid. See hospital-a/schema.sql for why.
create index if not exists his_brjbxx_updated on his_brjbxx ((gxsj at time zone 'Asia/Shanghai'), brid);
create index if not exists fy_jcxx_brid on fy_jcxx (brid);
create index if not exists fy_jcxx_updated on fy_jcxx ((gxsj at time zone 'Asia/Shanghai'), jcid);
create index if not exists fy_cjjl_updated on fy_cjjl ((gxsj at time zone 'Asia/Shanghai'), jlid);
create index if not exists fy_gwpg_updated on fy_gwpg ((gxsj at time zone 'Asia/Shanghai'), pgid);
create index if not exists lis_jyjg_updated on lis_jyjg ((gxsj at time zone 'Asia/Shanghai'), jgid);
create index if not exists fy_fmjl_updated on fy_fmjl ((gxsj at time zone 'Asia/Shanghai'), fmid);
create index if not exists fy_fmjl_jcid on fy_fmjl (jcid);
create index if not exists fy_xse_updated on fy_xse ((gxsj at time zone 'Asia/Shanghai'), xseid);
create index if not exists fy_chfs_updated on fy_chfs ((gxsj at time zone 'Asia/Shanghai'), fsid);

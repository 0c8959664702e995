"""Play WeChat's server by hand: post a signed (and with --aes-key, encrypted) push to a
running EQiao's callback and print the passive reply, decrypted.

    python -m eqiao.channels.providers.wechat.simulator \\
        --url http://127.0.0.1:8000/api/wechat/callback --token T --aes-key K --app-id wx… \\
        --openid oTest123 "冠县有人拖欠工资，我要控告，电话13906350066"

`--event subscribe` or `--click CONSULT` sends an event instead of a text. Uses wechatpy's
own crypto, as the tests do; the development server must have the same Token, key and AppID.
"""

from __future__ import annotations

import argparse
import secrets
import time
from urllib.parse import urlencode

import httpx
import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner


def _sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def push_xml(*, openid: str, text: str = "", event: str = "", key: str = "") -> str:
    now = int(time.time())
    head = (
        f"<xml><ToUserName><![CDATA[gh_simulator]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{now}</CreateTime>"
    )
    if event:
        return (
            f"{head}<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
            f"<EventKey><![CDATA[{key}]]></EventKey></xml>"
        )
    msg_id = f"{now}{secrets.randbelow(10**6):06d}"
    return (
        f"{head}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def push(*, url: str, token: str, aes_key: str, app_id: str, xml: str) -> str:
    """Post `xml` as WeChat would; returns the reply's text ("" for success)."""
    timestamp, nonce = str(int(time.time())), secrets.token_hex(5)
    params = {"signature": _sign(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    body = xml
    crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None
    if crypto:
        wrapped = xmltodict.parse(crypto.encrypt_message(xml, nonce, timestamp))["xml"]
        body = f"<xml><Encrypt><![CDATA[{wrapped['Encrypt']}]]></Encrypt></xml>"
        params["encrypt_type"] = "aes"
        params["msg_signature"] = _sign(token, timestamp, nonce, wrapped["Encrypt"])
    response = httpx.post(f"{url}?{urlencode(params)}", content=body.encode(), timeout=10)
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text}"
    if response.text == "success":
        return ""
    root = xmltodict.parse(response.text)["xml"]
    if crypto:
        inner = crypto.decrypt_message(root, root["MsgSignature"], root["TimeStamp"], root["Nonce"])
        root = xmltodict.parse(inner)["xml"]
    return root.get("Content", "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Post a push to EQiao's WeChat callback.")
    parser.add_argument("--url", default="http://127.0.0.1:8000/api/wechat/callback")
    parser.add_argument("--token", required=True)
    parser.add_argument("--aes-key", default="")
    parser.add_argument("--app-id", default="")
    parser.add_argument("--openid", default="oSimulator0000000000000001")
    parser.add_argument("--event", default="")
    parser.add_argument("--click", default="")
    parser.add_argument("text", nargs="?", default="")
    args = parser.parse_args(argv)
    event = "CLICK" if args.click else args.event
    xml = push_xml(openid=args.openid, text=args.text, event=event, key=args.click)
    reply = push(url=args.url, token=args.token, aes_key=args.aes_key, app_id=args.app_id, xml=xml)
    print(reply or "(success: no passive reply)")


if __name__ == "__main__":
    main()

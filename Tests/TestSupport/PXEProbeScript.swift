/// The client side of the real-network tests (`NetnsLAN.probe`): scapy sends what PXE firmware or iPXE sends and
/// prints every reply as one JSON line (written to a temp file and run inside the client netns).
public enum PXEProbeScript {
    public static let source = #"""
import json, random, socket, sys
from scapy.all import Ether, IP, UDP, BOOTP, DHCP, srp, conf
conf.checkIPaddr = False
mode, iface, mac, arch, ipxe = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "ipxe"
xid = random.randint(1, 2**31)

def options(kind):
    o = [("message-type", kind), ("vendor_class_id", f"PXEClient:Arch:{arch:05d}:UNDI:002001"),
         (93, arch.to_bytes(2, "big")), (97, b"\x00" + bytes(range(16)))]
    if ipxe:
        o += [(175, b"\x13\x01\x01"), ("user_class", b"iPXE")]
    return o + ["end"]

def describe(bootp, source):
    opts = {x[0]: x[1] for x in bootp[DHCP].options if isinstance(x, tuple)}
    vendor = opts.get("vendor_class_id", b"")
    return {"from": source, "yiaddr": bootp.yiaddr, "siaddr": bootp.siaddr, "xid": bootp.xid,
            "file": bootp.file.rstrip(b"\0").decode(errors="replace"),
            "type": opts.get("message-type"),
            "vendor": vendor.decode(errors="replace") if isinstance(vendor, bytes) else str(vendor),
            "uuid": opts.get(97, b"").hex() if isinstance(opts.get(97, b""), bytes) else ""}

chaddr = bytes.fromhex(mac.replace(":", ""))
if mode == "discover":
    pkt = (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255") /
           UDP(sport=68, dport=67) / BOOTP(chaddr=chaddr, xid=xid, flags=0x8000) / DHCP(options=options("discover")))
    answered, _ = srp(pkt, iface=iface, timeout=4, multi=True, verbose=0)
    for _, r in answered:
        print(json.dumps(describe(r[BOOTP], r[IP].src)))
else:  # "request CLIENT_IP SERVER_IP": the unicast ProxyDHCPREQUEST to the boot server port 4011
    client_ip, server_ip = sys.argv[6], sys.argv[7]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((client_ip, 4011))
    s.settimeout(4)
    s.sendto(bytes(BOOTP(chaddr=chaddr, xid=xid, ciaddr=client_ip) / DHCP(options=options("request"))), (server_ip, 4011))
    data, source = s.recvfrom(2048)
    print(json.dumps(describe(BOOTP(data), source[0])))
"""#
}
